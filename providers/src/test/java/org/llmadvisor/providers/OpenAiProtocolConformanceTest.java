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
  String toolCallBody() {
    return "{\"id\": \"chatcmpl-t\", \"object\": \"chat.completion\", \"created\": 1, \"model\":"
        + " \"gpt-4o-mini\", \"choices\": [{\"index\": 0, \"message\": {\"role\": \"assistant\","
        + " \"content\": null, \"tool_calls\": [{\"id\": \"call_abc\", \"type\": \"function\","
        + " \"function\": {\"name\": \"get_weather\", \"arguments\": \"{\\\"city\\\":"
        + " \\\"Paris\\\"}\"}}]}, \"finish_reason\": \"tool_calls\"}], \"usage\":"
        + " {\"prompt_tokens\": 20, \"completion_tokens\": 7, \"total_tokens\": 27}}";
  }

  @Override
  String toolCallStreamBody() {
    String head =
        "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":";
    return head
        + "{\"role\":\"assistant\",\"tool_calls\":[{\"index\":0,\"id\":\"call_abc\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}\n\n"
        + head
        + "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\": \\\"Paris\\\"}\"}}]},\"finish_reason\":null}]}\n\n"
        + head
        + "{},\"finish_reason\":\"tool_calls\"}]}\n\ndata: [DONE]\n\n";
  }

  @Override
  String formatSchemaPath() {
    return "$.response_format.json_schema.schema";
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
