package org.llmadvisor.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.core.units.ByteSize;

class FitServiceTest {

  static final Catalogs CATALOGS = Catalogs.load(Optional.empty());
  static final Hardware RTX_4090 = CATALOGS.hardware().find("rtx-4090").orElseThrow();

  static FitResponse.Row row(FitResponse r, String model) {
    return r.models().stream().filter(m -> m.model().equals(model)).findFirst().orElseThrow();
  }

  @Test
  void should_keep_the_best_quantization_that_fits_when_a_model_runs() {
    FitResponse r = new FitService(CATALOGS).fit(null, RTX_4090);

    FitResponse.Row llama = row(r, "llama-2-7b");
    assertThat(llama.runs()).isTrue();
    assertThat(llama.quantization()).isEqualTo("Q8_0");
    assertThat(llama.reason()).startsWith("runs: ");
    assertThat(r.verdict()).contains("NVIDIA GeForce RTX 4090");
  }

  @Test
  void should_say_how_much_memory_is_missing_when_nothing_fits() {
    FitResponse r =
        new FitService(CATALOGS)
            .fit(new FitRequest(null, null, List.of("Q8_0"), null, null), RTX_4090);

    FitResponse.Row big = row(r, "llama-3-70b");
    assertThat(big.runs()).isFalse();
    assertThat(big.reason()).startsWith("does not fit: needs ");
  }

  @Test
  void should_rank_the_models_that_run_before_those_that_do_not() {
    List<FitResponse.Row> rows = new FitService(CATALOGS).fit(null, RTX_4090).models();

    int firstNotRunning = rows.stream().map(FitResponse.Row::runs).toList().indexOf(false);
    assertThat(rows.subList(firstNotRunning, rows.size()))
        .allSatisfy(m -> assertThat(m.runs()).isFalse());
  }

  @Test
  void should_rank_a_model_that_pages_from_disk_below_every_one_that_fits_when_ram_is_short() {
    Hardware cpu =
        new Hardware(
            "cpu",
            "a CPU with 17 GiB available",
            Hardware.Kind.CPU,
            ByteSize.ofGiB(17),
            50,
            Optional.of(1.0),
            Optional.of(1.0),
            50,
            Optional.empty(),
            "test",
            null);
    List<FitResponse.Row> rows =
        new FitService(CATALOGS)
            .fit(new FitRequest(null, null, List.of("Q3_K_M"), null, 100L), cpu)
            .models();

    FitResponse.Row mixtral =
        rows.stream().filter(m -> m.model().startsWith("mixtral")).findFirst().orElseThrow();
    assertThat(mixtral.runs()).isFalse();
    assertThat(mixtral.reason()).startsWith("pages from disk, impractical: needs ");
    int firstPaging = rows.stream().map(FitResponse.Row::fits).toList().indexOf(false);
    assertThat(rows.subList(firstPaging, rows.size()))
        .allSatisfy(m -> assertThat(m.fits()).isFalse());
    assertThat(rows.get(0).fits()).isTrue();
  }

  @Test
  void should_name_the_item_when_a_quantization_is_unknown() {
    assertThatThrownBy(
            () ->
                new FitService(CATALOGS)
                    .fit(new FitRequest(null, null, List.of("Q4_K_M", "Q9"), null, null), RTX_4090))
        .isInstanceOf(ApiException.class)
        .hasMessageStartingWith("quantizations[1] 'Q9' is not a llama.cpp recipe");
  }

  @Test
  void should_name_the_field_when_the_context_is_out_of_range() {
    assertThatThrownBy(
            () ->
                new FitService(CATALOGS).fit(new FitRequest(0L, null, null, null, null), RTX_4090))
        .isInstanceOf(ApiException.class)
        .hasMessage("contextTokens must be between 1 and 10000000, was 0");
  }
}
