package org.llmadvisor.providers;

/**
 * Why a deployment cannot honour a request, said before it is called.
 *
 * @param param the request field at fault, as OpenAI's chat-completions format names it ({@code
 *     logit_bias}, {@code reasoning_effort}, ...), so a client is told which field to drop
 * @param message a sentence naming the field and the deployment
 */
public record Refusal(String param, String message) {}
