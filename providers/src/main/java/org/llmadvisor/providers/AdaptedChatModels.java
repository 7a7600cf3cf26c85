package org.llmadvisor.providers;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Chat models that rewrite each request into their provider's dialect before the langchain4j client
 * sees it: the request arrives in OpenAI's terms, and a provider's client keeps only the parameters
 * its own parameter type knows.
 */
final class AdaptedChatModels {

  private AdaptedChatModels() {}

  static ChatModel of(ChatModel delegate, UnaryOperator<ChatRequest> adapt) {
    return new ChatModel() {
      @Override
      public ChatResponse chat(ChatRequest request) {
        return delegate.chat(adapt.apply(request));
      }

      @Override
      public ChatRequestParameters defaultRequestParameters() {
        return delegate.defaultRequestParameters();
      }

      @Override
      public List<ChatModelListener> listeners() {
        return delegate.listeners();
      }

      @Override
      public ModelProvider provider() {
        return delegate.provider();
      }
    };
  }

  static StreamingChatModel of(StreamingChatModel delegate, UnaryOperator<ChatRequest> adapt) {
    return new StreamingChatModel() {
      @Override
      public void chat(ChatRequest request, StreamingChatResponseHandler handler) {
        delegate.chat(adapt.apply(request), handler);
      }

      @Override
      public ChatRequestParameters defaultRequestParameters() {
        return delegate.defaultRequestParameters();
      }

      @Override
      public List<ChatModelListener> listeners() {
        return delegate.listeners();
      }

      @Override
      public ModelProvider provider() {
        return delegate.provider();
      }
    };
  }
}
