package org.llmadvisor.providers;

/**
 * What OpenAI and Azure OpenAI share: the chat completions wire format, OpenAI's error bodies and
 * the same recorded answers; each subclass names its fixture folder, endpoint and key handling.
 */
abstract class OpenAiProtocolConformanceTest extends DeploymentConformanceTest {

  /** The fixture folder holding this provider's recorded chat and stream answers. */
  abstract String fixtures();

  @Override
  String chatBody() {
    return Fixtures.read(fixtures() + "/chat.json");
  }

  @Override
  String streamBody() {
    return Fixtures.read(fixtures() + "/chat-stream.sse");
  }

  @Override
  String streamContentType() {
    return "text/event-stream";
  }

  @Override
  String errorBody(int status) {
    return Fixtures.read("openai/error-" + status + ".json");
  }

  @Override
  String expectedText() {
    return "Hello there, how may I assist you today?";
  }

  @Override
  String expectedStreamText() {
    return "Hello there!";
  }

  /** The comment line, the role chunk and the first content chunk ("Hello"). */
  @Override
  String streamHead() {
    String[] events = streamBody().split("\n\n");
    return events[0] + "\n\n" + events[1] + "\n\n" + events[2] + "\n\n";
  }

  @Override
  String expectedStreamHeadText() {
    return "Hello";
  }

  @Override
  long expectedPromptTokens() {
    return 9;
  }

  @Override
  long expectedCompletionTokens() {
    return 12;
  }
}
