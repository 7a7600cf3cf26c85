package org.llmadvisor.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmadvisor.core.data.CatalogException;

class ReasoningOfferingTest {

  @TempDir Path dir;

  @Test
  void should_mark_the_o_series_and_gpt_5_as_reasoning_models_when_the_bundled_catalog_is_read() {
    OfferingCatalog catalog = OfferingCatalog.bundled();
    for (String id :
        new String[] {"openai/gpt-5-mini", "openai/o3-mini", "azure/gpt-5", "azure/o4-mini"}) {
      CloudOffering o = catalog.offering(id).orElseThrow();
      assertThat(o.reasoning()).as(id).isTrue();
      assertThat(o.reasoningSource()).as(id).isPresent();
    }
    for (String id : new String[] {"openai/gpt-4o", "openai/gpt-4.1-mini", "azure/gpt-4o"}) {
      assertThat(catalog.offering(id).orElseThrow().reasoning()).as(id).isFalse();
    }
  }

  @Test
  void should_refuse_a_reasoning_row_when_it_gives_no_source() throws Exception {
    Path file = dir.resolve("mine.json");
    Files.writeString(
        file,
        """
        {"offerings": [{"id": "openai/o9", "provider": "openai", "model": "o9", "reasoning": true,
          "inputUsdPerMillion": 1, "outputUsdPerMillion": 4, "priceDate": "x", "priceSource": "x",
          "contextWindow": 1000, "maxOutputTokens": 100}]}
        """);
    assertThatThrownBy(() -> OfferingCatalog.load(Optional.of(file)))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("reasoningSource");
  }
}
