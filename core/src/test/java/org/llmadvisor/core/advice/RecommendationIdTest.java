package org.llmadvisor.core.advice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.llmadvisor.core.cost.Acquisition;
import org.llmadvisor.core.workload.DeploymentShape;

class RecommendationIdTest {

  @Test
  void should_split_tag_hardware_and_acquisition_when_an_ollama_id_is_parsed() {
    RecommendationId id =
        RecommendationId.parse("ollama/llama2:70b-chat-q4_K_M@a100-80gb-sxm:rent");

    assertThat(id.provider()).isEqualTo(RecommendationId.Provider.OLLAMA);
    // the tag keeps its own colon; only a trailing :buy or :rent is the acquisition
    assertThat(id.model()).isEqualTo("llama2:70b-chat-q4_K_M");
    assertThat(id.device())
        .contains(new RecommendationId.Device("a100-80gb-sxm", Acquisition.RENT));
  }

  @Test
  void should_read_owned_hardware_when_the_id_has_no_suffix() {
    RecommendationId id = RecommendationId.parse("ollama/llama2:7b-chat-q4_K_M@rtx-4090");

    assertThat(id.device()).contains(new RecommendationId.Device("rtx-4090", Acquisition.OWNED));
    assertThat(id)
        .isEqualTo(RecommendationId.ollama("llama2:7b-chat-q4_K_M", "rtx-4090", Acquisition.OWNED));
  }

  @Test
  void should_name_no_hardware_when_an_ollama_id_has_no_at_sign() {
    RecommendationId id = RecommendationId.parse("ollama/mistral:7b-instruct-q4_0");

    assertThat(id.model()).isEqualTo("mistral:7b-instruct-q4_0");
    assertThat(id.device()).isEmpty();
  }

  @Test
  void should_read_the_model_when_a_cloud_id_is_parsed() {
    assertThat(RecommendationId.parse("azure/gpt-4o-mini"))
        .isEqualTo(
            new RecommendationId(RecommendationId.Provider.AZURE, "gpt-4o-mini", Optional.empty()));
    assertThat(RecommendationId.parse(" openai/gpt-4.1-nano ").model()).isEqualTo("gpt-4.1-nano");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ollama/llama2:7b-chat-q4_K_M@rtx-4090",
        "ollama/llama2:7b-chat-q4_K_M@rtx-4090:buy",
        "ollama/llama2:7b-chat-q4_K_M@h100-80gb-sxm:rent",
        "ollama/llama3:8b-instruct-q4_K_M@rtx-4090:rent:3x2",
        "ollama/llama3:70b-instruct-q4_K_M@rtx-4090:buy:1x2",
        "ollama/llama3:8b-instruct-q4_0@rtx-4090:12x1",
        "ollama/phi",
        "openai/gpt-4o-mini",
        "azure/gpt-4.1"
      })
  void should_format_what_it_parsed_when_the_id_is_well_formed(String text) {
    assertThat(RecommendationId.parse(text).format()).isEqualTo(text);
    assertThat(RecommendationId.parse(text).toString()).isEqualTo(text);
  }

  @Test
  void should_format_buy_and_rent_as_suffixes_when_built_from_parts() {
    assertThat(RecommendationId.ollama("phi:2.7b", "rtx-3060-12gb", Acquisition.BUY).format())
        .isEqualTo("ollama/phi:2.7b@rtx-3060-12gb:buy");
    assertThat(RecommendationId.ollama("phi:2.7b", "rtx-3060-12gb", Acquisition.OWNED).format())
        .isEqualTo("ollama/phi:2.7b@rtx-3060-12gb");
  }

  @ParameterizedTest
  @ValueSource(strings = {"mainframe/x", "gpt-4o", "openai/", "ollama/@rtx-4090", "ollama/phi@"})
  void should_name_the_bad_id_when_it_cannot_be_parsed(String text) {
    assertThatThrownBy(() -> RecommendationId.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "'");
  }

  @Test
  void should_refuse_hardware_when_the_id_is_for_the_cloud() {
    assertThatThrownBy(
            () ->
                new RecommendationId(
                    RecommendationId.Provider.OPENAI,
                    "gpt-4o",
                    Optional.of(new RecommendationId.Device("rtx-4090", Acquisition.OWNED))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rtx-4090");
  }

  @Test
  void should_read_the_fleet_shape_when_the_id_ends_with_one() {
    RecommendationId id =
        RecommendationId.parse("ollama/llama3:8b-instruct-q4_K_M@rtx-4090:rent:3x2");

    assertThat(id.model()).isEqualTo("llama3:8b-instruct-q4_K_M");
    assertThat(id.device())
        .contains(
            new RecommendationId.Device("rtx-4090", Acquisition.RENT, new DeploymentShape(3, 2)));
    assertThat(id.shape()).isEqualTo(new DeploymentShape(3, 2));
    assertThat(id.format()).isEqualTo("ollama/llama3:8b-instruct-q4_K_M@rtx-4090:rent:3x2");
  }

  @Test
  void should_read_an_id_without_a_shape_as_one_server_with_one_device() {
    assertThat(RecommendationId.parse("ollama/llama2:7b-chat-q4_K_M@rtx-4090:buy").shape())
        .isEqualTo(DeploymentShape.SINGLE);
    assertThat(RecommendationId.parse("openai/gpt-4o-mini").shape())
        .isEqualTo(DeploymentShape.SINGLE);
    // a 1x1 shape is written as the ids before fleets were
    assertThat(
            RecommendationId.ollama(
                    "llama2:7b-chat-q4_K_M", "rtx-4090", Acquisition.BUY, DeploymentShape.SINGLE)
                .format())
        .isEqualTo("ollama/llama2:7b-chat-q4_K_M@rtx-4090:buy");
  }

  @Test
  void should_name_the_id_when_its_shape_has_no_server() {
    assertThatThrownBy(() -> RecommendationId.parse("ollama/llama3:8b@rtx-4090:rent:0x2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ollama/llama3:8b@rtx-4090:rent:0x2")
        .hasMessageContaining("replicas");
  }
}
