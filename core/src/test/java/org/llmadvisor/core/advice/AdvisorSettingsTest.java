package org.llmadvisor.core.advice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmadvisor.core.data.CatalogException;
import org.llmadvisor.core.units.ByteSize;

class AdvisorSettingsTest {

  @TempDir Path dir;

  @Test
  void should_read_the_bundled_settings_when_no_user_file_is_given() {
    assertThat(AdvisorSettings.bundled())
        .isEqualTo(new AdvisorSettings(2_000, 20231121L, ByteSize.ofGiB(64), List.of(2, 4, 8), 64));
  }

  @Test
  void should_take_the_users_value_when_the_user_file_names_a_setting() throws Exception {
    Path file = dir.resolve("mine.json");
    Files.writeString(
        file,
        """
        {"advisor": {"maxReplicas": {"value": 200, "source": "our rack"}, "hostRamGiB": 256,
                     "devicesPerServer": [2, 4]}}
        """);

    AdvisorSettings s = AdvisorSettings.load(Optional.of(file));

    assertThat(s.maxReplicas()).isEqualTo(200);
    assertThat(s.hostRam()).isEqualTo(ByteSize.ofGiB(256));
    assertThat(s.devicesPerServer()).containsExactly(2, 4);
    assertThat(s.simulatedRequests()).isEqualTo(2_000);
  }

  @Test
  void should_name_the_setting_and_its_value_when_the_user_file_gives_a_bad_one() throws Exception {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "{\"advisor\": {\"simulatedRequests\": 12.5}}");

    assertThatThrownBy(() -> AdvisorSettings.load(Optional.of(file)))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("bad.json")
        .hasMessageContaining("'simulatedRequests'")
        .hasMessageContaining("12.5");
  }
}
