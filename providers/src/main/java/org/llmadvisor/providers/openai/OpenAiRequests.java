package org.llmadvisor.providers.openai;

import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import java.util.Map;
import java.util.Optional;
import org.llmadvisor.providers.Refusal;

/**
 * A request in OpenAI's terms as the OpenAI wire format takes it, shared by OpenAI and Azure OpenAI
 * (the same API).
 *
 * <p>Reasoning models bound their output with {@code max_completion_tokens} and refuse {@code
 * max_tokens} (OpenAI's reasoning guide, https://platform.openai.com/docs/guides/reasoning), and
 * only they take {@code reasoning_effort}. By the gateway's convention {@link
 * OpenAiChatRequestParameters#maxCompletionTokens()} carries the client's own bound and {@code
 * maxOutputTokens} the bound the router applies (the client's or its default): a reasoning model is
 * sent the client's bound only, so the router's default never cuts its reasoning short.
 *
 * <p>{@code tools}, {@code tool_choice} and {@code response_format} may also arrive verbatim in
 * {@link OpenAiChatRequestParameters#customParameters()}: OpenAI is then sent exactly what the
 * client wrote (a named tool choice, {@code strict} schemas), which langchain4j's typed fields
 * cannot all say, and the typed copies that other providers read are dropped here so that no field
 * is sent twice.
 */
public final class OpenAiRequests {

  private OpenAiRequests() {}

  /** {@code reasoning_effort} sent to a model that is not a reasoning model. */
  public static Optional<Refusal> refusal(ChatRequest request, boolean reasoning, String model) {
    if (!reasoning
        && request.parameters() instanceof OpenAiChatRequestParameters p
        && p.reasoningEffort() != null) {
      return Optional.of(
          new Refusal(
              "reasoning_effort",
              "reasoning_effort is taken only by reasoning models, and "
                  + model
                  + " is not one (see the offering catalog's 'reasoning')"));
    }
    return Optional.empty();
  }

  public static ChatRequest adapt(ChatRequest request, boolean reasoning) {
    ChatRequestParameters p = request.parameters();
    if (!(p instanceof OpenAiChatRequestParameters o)) {
      if (!reasoning || p.maxOutputTokens() == null) {
        return request;
      }
      return with(
          request,
          OpenAiChatRequestParameters.builder()
              .overrideWith(p)
              .maxOutputTokens(null)
              .maxCompletionTokens(p.maxOutputTokens())
              .build());
    }
    Map<String, Object> raw = o.customParameters() == null ? Map.of() : o.customParameters();
    var b = OpenAiChatRequestParameters.builder().overrideWith(o);
    if (reasoning) {
      b.maxOutputTokens(null).maxCompletionTokens(o.maxCompletionTokens());
    } else {
      b.maxCompletionTokens(null);
    }
    if (raw.containsKey("tools")) {
      b.toolSpecifications((java.util.List<dev.langchain4j.agent.tool.ToolSpecification>) null);
    }
    if (raw.containsKey("tool_choice")) {
      b.toolChoice(null);
    }
    if (raw.containsKey("response_format")) {
      b.responseFormat((dev.langchain4j.model.chat.request.ResponseFormat) null);
    }
    return with(request, b.build());
  }

  private static ChatRequest with(ChatRequest request, ChatRequestParameters p) {
    return ChatRequest.builder().messages(request.messages()).parameters(p).build();
  }
}
