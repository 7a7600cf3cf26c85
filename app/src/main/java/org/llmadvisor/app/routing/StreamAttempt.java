package org.llmadvisor.app.routing;

import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;
import org.llmadvisor.providers.ProviderException;
import org.llmadvisor.providers.metering.CallRecord;
import org.llmadvisor.providers.metering.MeteredDeployment;

/**
 * One streaming attempt on one deployment. It buffers nothing and commits to the client at the
 * first token: a failure before it leaves the client untouched, so the router may fall back; a
 * failure after it goes to the client, who already has part of the answer.
 */
final class StreamAttempt implements StreamingChatResponseHandler {

  // the router's category: these are the router's messages wherever the code lives
  private static final Logger LOG = Logger.getLogger(Router.class);

  /**
   * Longest wait for a stream's first token or failure. A guard only: the deployment's own timeout
   * ends a silent stream first.
   */
  private static final Duration FIRST_TOKEN_GUARD = Duration.ofMinutes(10);

  private final String id;
  private final Router.StreamSink sink;
  private final String requestId;
  private final BudgetHold budget;
  private final BudgetHold.Reservation reservation;
  private final CompletableFuture<ProviderException> started = new CompletableFuture<>();
  private final CompletableFuture<Void> ended = new CompletableFuture<>();
  private final AtomicBoolean committed = new AtomicBoolean();
  private final AtomicReference<CallRecord> record = new AtomicReference<>();
  private final CompletableFuture<CallRecord> recorded = new CompletableFuture<>();

  StreamAttempt(
      String id,
      Router.StreamSink sink,
      String requestId,
      BudgetHold budget,
      BudgetHold.Reservation reservation) {
    this.id = id;
    this.sink = sink;
    this.requestId = requestId;
    this.budget = budget;
    this.reservation = reservation;
  }

  /**
   * Streams {@code bounded} from {@code d} and waits for the end: null when the client got the
   * answer (or a failure after its first token), otherwise the failure before the first token,
   * already settled against the budget.
   */
  ProviderException run(MeteredDeployment d, ChatRequest bounded) {
    d.chat(bounded, this, this::recorded);
    ProviderException failed = awaitStartOrFailure();
    if (failed == null) {
      awaitEnd();
    }
    return failed;
  }

  private void recorded(CallRecord r) {
    record.set(r);
    recorded.complete(r);
  }

  private void commit() {
    if (committed.compareAndSet(false, true)) {
      sink.start(id);
      started.complete(null);
    }
  }

  @Override
  public void onPartialResponse(String token) {
    commit();
    sink.token(token);
  }

  @Override
  public void onPartialToolCall(PartialToolCall call) {
    commit();
    sink.toolCall(call.index(), call.id(), call.name(), call.partialArguments());
  }

  @Override
  public void onCompleteResponse(ChatResponse response) {
    commit();
    CallRecord r = recorded.getNow(record.get());
    try {
      budget.record(requestId, r, reservation);
      sink.complete(response, r);
    } catch (RuntimeException e) {
      LOG.errorf("streamed call %s could not be recorded: %s", requestId, e.getMessage());
      sink.fail(
          new ProviderException(
              ProviderException.Reason.UNKNOWN, null, null, "the call could not be recorded", e));
    } finally {
      ended.complete(null);
    }
  }

  @Override
  public void onError(Throwable error) {
    // MeteredDeployment translated it where it left the provider
    ProviderException p = (ProviderException) error;
    budget.settle(requestId, record.get(), reservation);
    if (committed.get()) {
      sink.fail(p);
      ended.complete(null);
    } else {
      started.complete(p);
      ended.complete(null);
    }
  }

  private ProviderException awaitStartOrFailure() {
    try {
      return started.get(FIRST_TOKEN_GUARD.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new ProviderException(ProviderException.Reason.TIMEOUT, null, null, "interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      return new ProviderException(
          ProviderException.Reason.TIMEOUT, null, null, "no first token in time", e);
    }
  }

  private void awaitEnd() {
    try {
      ended.get(1, TimeUnit.HOURS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warnf("stream %s did not end cleanly: %s", requestId, e.getMessage());
    }
  }
}
