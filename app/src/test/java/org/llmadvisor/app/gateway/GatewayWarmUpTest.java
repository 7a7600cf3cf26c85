package org.llmadvisor.app.gateway;

import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The warm-up runs the chat path in memory: no Quarkus, no network. */
class GatewayWarmUpTest {

  @Test
  void should_run_the_whole_chat_path_in_memory_when_warming_up() {
    GatewayWarmUp warmUp = new GatewayWarmUp();
    warmUp.json = new ObjectMapper();

    assertThatCode(() -> warmUp.run(5)).doesNotThrowAnyException();
  }
}
