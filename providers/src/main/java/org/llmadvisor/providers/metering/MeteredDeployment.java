package org.llmadvisor.providers.metering;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.TokenUsage;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.llmadvisor.providers.CatalogEntry;
import org.llmadvisor.providers.Deployment;
import org.llmadvisor.providers.DeploymentDescription;
import org.llmadvisor.providers.ProviderErrors;
import org.llmadvisor.providers.ProviderException;
import org.llmadvisor.providers.Readiness;
import org.llmadvisor.providers.Refusal;

/**
 * A deployment whose chat models report every call — blocking or streaming, success or error — as a
 * {@link CallRecord} to its listeners, and whose errors come out translated. It observes the
 * delegate's call; it does not reimplement it.
 */
public final class MeteredDeployment implements Deployment {

  private final Deployment delegate;
  private final List<CallRecordListener> listeners = new CopyOnWriteArrayList<>();
  private final Clock clock;
  private final ChatModel chat;
  private final StreamingChatModel streaming;

  public MeteredDeployment(Deployment delegate, Clock clock) {
    this.delegate = delegate;
    this.clock = clock;
    this.chat = new MeteredChat();
    this.streaming = new MeteredStreaming();
  }

  public MeteredDeployment(Deployment delegate) {
    this(delegate, Clock.systemUTC());
  }

  public MeteredDeployment addListener(CallRecordListener l) {
    listeners.add(l);
    return this;
  }

  /**
   * Blocking chat that also hands this call's record to {@code onRecord}; throws only a {@link
   * ProviderException}, translated here.
   */
  public ChatResponse chat(ChatRequest request, CallRecordListener onRecord) {
    return ((MeteredChat) chat).chat(request, onRecord);
  }

  /**
   * Streaming chat that also hands this call's record to {@code onRecord} before the handler hears
   * of the end. {@code handler.onError} receives only a {@link ProviderException}, translated here.
   */
  public void chat(
      ChatRequest request, StreamingChatResponseHandler handler, CallRecordListener onRecord) {
    ((MeteredStreaming) streaming).chat(request, handler, onRecord);
  }

  private void emit(
      Instant start,
      boolean stream,
      ChatRequest req,
      ChatResponse resp,
      Long ttft,
      ProviderException error,
      long charactersBeforeError,
      CallRecordListener onRecord) {
    long latency = Math.max(0, clock.millis() - start.toEpochMilli());
    TokenUsage usage =
        resp == null || resp.metadata() == null ? null : resp.metadata().tokenUsage();
    boolean reported =
        usage != null && usage.inputTokenCount() != null && usage.outputTokenCount() != null;
    long prompt = reported ? usage.inputTokenCount() : TokenCounter.estimate(req.messages());
    long completion =
        reported
            ? usage.outputTokenCount()
            : resp == null || resp.aiMessage() == null
                // a stream cut after some tokens: what reached the caller was still generated
                ? TokenCounter.ofCharacters(charactersBeforeError)
                : TokenCounter.estimate(resp.aiMessage().text());
    CatalogEntry e = delegate.catalogEntry();
    CallRecord r =
        new CallRecord(
            delegate.id(),
            delegate.provider().key(),
            delegate.model(),
            start,
            stream,
            prompt,
            completion,
            !reported,
            ttft,
            latency,
            // a failed call is not billed by the providers this app speaks to
            error != null || e.zeroMarginalCost()
                ? BigDecimal.ZERO
                : e.price().costOf(prompt, completion),
            e.zeroMarginalCost(),
            error == null ? "success" : "error",
            error == null ? null : error.reason().name());
    if (onRecord != null) {
      onRecord.onCall(r);
    }
    for (CallRecordListener l : listeners) {
      try {
        l.onCall(r);
      } catch (RuntimeException ignored) {
        // a failing listener must not fail the call it measures
      }
    }
  }

  private final class MeteredChat implements ChatModel {
    @Override
    public ChatResponse chat(ChatRequest request) {
      return chat(request, null);
    }

    ChatResponse chat(ChatRequest request, CallRecordListener onRecord) {
      Instant start = clock.instant();
      try {
        ChatResponse r = delegate.chatModel().chat(request);
        emit(start, false, request, r, null, null, 0, onRecord);
        return r;
      } catch (RuntimeException e) {
        ProviderException p = ProviderErrors.translate(e);
        emit(start, false, request, null, null, p, 0, onRecord);
        throw p;
      }
    }
  }

  private final class MeteredStreaming implements StreamingChatModel {
    @Override
    public void chat(ChatRequest request, StreamingChatResponseHandler handler) {
      chat(request, handler, null);
    }

    void chat(
        ChatRequest request, StreamingChatResponseHandler handler, CallRecordListener onRecord) {
      Instant start = clock.instant();
      AtomicLong firstToken = new AtomicLong(-1);
      AtomicBoolean finished = new AtomicBoolean();
      // what reached the caller, counted rather than kept: only a cut stream needs it
      AtomicLong streamed = new AtomicLong();
      StreamingChatResponseHandler metered =
          new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
              firstToken.compareAndSet(-1, clock.millis() - start.toEpochMilli());
              if (partial.text() != null) {
                streamed.addAndGet(partial.text().length());
              }
              handler.onPartialResponse(partial, context);
            }

            @Override
            public void onPartialResponse(String token) {
              firstToken.compareAndSet(-1, clock.millis() - start.toEpochMilli());
              if (token != null) {
                streamed.addAndGet(token.length());
              }
              handler.onPartialResponse(token);
            }

            @Override
            public void onPartialToolCall(PartialToolCall partial) {
              firstToken.compareAndSet(-1, clock.millis() - start.toEpochMilli());
              if (partial.partialArguments() != null) {
                streamed.addAndGet(partial.partialArguments().length());
              }
              handler.onPartialToolCall(partial);
            }

            @Override
            public void onCompleteToolCall(CompleteToolCall complete) {
              handler.onCompleteToolCall(complete);
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
              if (finished.compareAndSet(false, true)) {
                emit(start, true, request, response, ttft(), null, 0, onRecord);
              }
              handler.onCompleteResponse(response);
            }

            @Override
            public void onError(Throwable error) {
              ProviderException p = ProviderErrors.translate(error);
              if (finished.compareAndSet(false, true)) {
                emit(start, true, request, null, ttft(), p, streamed.get(), onRecord);
              }
              handler.onError(p);
            }

            private Long ttft() {
              long t = firstToken.get();
              return t < 0 ? null : t;
            }
          };
      try {
        delegate.streamingChatModel().chat(request, metered);
      } catch (RuntimeException e) {
        metered.onError(e);
      }
    }
  }

  @Override
  public DeploymentDescription description() {
    return delegate.description();
  }

  @Override
  public Optional<Refusal> refuses(ChatRequest request) {
    return delegate.refuses(request);
  }

  @Override
  public ChatModel chatModel() {
    return chat;
  }

  @Override
  public StreamingChatModel streamingChatModel() {
    return streaming;
  }

  @Override
  public Readiness ready() {
    return delegate.ready();
  }
}
