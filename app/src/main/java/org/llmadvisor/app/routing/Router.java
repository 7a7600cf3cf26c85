package org.llmadvisor.app.routing;

import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.llmadvisor.app.ledger.Budget;
import org.llmadvisor.app.ledger.CallRecorder;
import org.llmadvisor.core.units.Wording;
import org.llmadvisor.providers.CatalogEntry;
import org.llmadvisor.providers.ProviderException;
import org.llmadvisor.providers.metering.CallRecord;
import org.llmadvisor.providers.metering.MeteredDeployment;
import org.llmadvisor.providers.metering.TokenCounter;

/**
 * Runs a chat on the plan: deployments in order, skipping open circuits, moving those whose
 * measured p95 exceeds the target behind those that meet it, reserving the worst-case cost of a
 * cloud call against the month's budget before making it, and falling back on retriable errors.
 * Every attempt is written to the ledger before the client sees the answer.
 */
@ApplicationScoped
public class Router {

  private static final Logger LOG = Logger.getLogger(Router.class);

  /**
   * Longest wait for a stream's first token or failure. A guard only: the deployment's own timeout
   * ends a silent stream first.
   */
  private static final Duration FIRST_TOKEN_GUARD = Duration.ofMinutes(10);

  /** Output bound when a request sets no max_tokens: it caps both the call and its reservation. */
  static final int DEFAULT_MAX_OUTPUT_TOKENS = 4096;

  private final DeploymentLookup registry;
  private final Supplier<Optional<RoutingPolicy>> activePlan;
  private final Spend ledger;
  private final CircuitBreakers breakers;
  private final LatencyWindows windows;
  private final Clock clock;

  @Inject
  public Router(
      DeploymentRegistry registry,
      RoutingPolicy.Source policy,
      Budget budget,
      CallRecorder recorder,
      CircuitBreakers breakers,
      LatencyWindows windows) {
    this(
        registry, policy::current, spendOf(budget, recorder), breakers, windows, Clock.systemUTC());
  }

  /**
   * @param activePlan the applied plan's routing policy, read on every call
   * @param clock decides the budget's month
   */
  Router(
      DeploymentLookup registry,
      Supplier<Optional<RoutingPolicy>> activePlan,
      Spend ledger,
      CircuitBreakers breakers,
      LatencyWindows windows,
      Clock clock) {
    this.registry = registry;
    this.activePlan = activePlan;
    this.ledger = ledger;
    this.breakers = breakers;
    this.windows = windows;
    this.clock = clock;
  }

  private static Spend spendOf(Budget budget, CallRecorder recorder) {
    return new Spend() {
      @Override
      public boolean reserve(YearMonth month, BigDecimal amount, BigDecimal limit) {
        return budget.reserve(month, amount, limit);
      }

      @Override
      public void release(YearMonth month, BigDecimal amount) {
        budget.release(month, amount);
      }

      @Override
      public void record(String requestId, CallRecord record, BigDecimal reservation) {
        recorder.record(requestId, record, reservation);
      }
    };
  }

  /** What served a call. */
  public record Served(
      String deploymentId, ChatResponse response, CallRecord record, List<String> attempts) {}

  /** Receives a streamed answer once a deployment has produced its first token. */
  public interface StreamSink {
    void start(String deploymentId);

    void token(String text);

    void complete(ChatResponse response, CallRecord record);

    /** The stream failed after it started: the client already has part of the answer. */
    void fail(ProviderException error);
  }

  /** Deployments to try for {@code model}, in order, with the reason any was moved. */
  List<String> candidates(String model, List<String> notes) {
    if (model == null || model.isBlank()) {
      throw RoutingFailure.ofRequest(
          RoutingFailure.Reason.MISSING_MODEL,
          "model",
          "model is required: \"auto\" or a deployment id from GET /v1/models");
    }
    if (!"auto".equals(model)) {
      if (registry.find(model).isEmpty()) {
        throw RoutingFailure.ofRequest(
            RoutingFailure.Reason.UNKNOWN_MODEL,
            "model",
            "The model '"
                + model
                + "' does not exist; use \"auto\" or one of "
                + registry.enabledIds());
      }
      return List.of(model);
    }
    RoutingPolicy plan =
        activePlan
            .get()
            .orElseThrow(
                () ->
                    RoutingFailure.ofRequest(
                        RoutingFailure.Reason.NO_PLAN,
                        "model",
                        "No plan is applied, so \"auto\" has nowhere to go: POST /api/plan, or name a deployment from GET /v1/models"));
    List<String> meeting = new ArrayList<>();
    List<String> slow = new ArrayList<>();
    List<String> open = new ArrayList<>();
    for (String id : plan.deploymentIds()) {
      if (breakers.isOpen(id)) {
        open.add(id);
        notes.add(id + ": circuit open after repeated failures");
        continue;
      }
      OptionalDouble p95 = windows.p95(id, plan.firstTokenTarget());
      if (p95.isPresent() && p95.getAsDouble() > plan.latencyTargetMs()) {
        slow.add(id);
        notes.add(
            id
                + Wording.f(
                    ": measured p95 %.0f ms over the %.0f ms target",
                    p95.getAsDouble(), plan.latencyTargetMs()));
      } else {
        meeting.add(id);
      }
    }
    List<String> order = new ArrayList<>(meeting);
    order.addAll(slow);
    // an open circuit is a last resort, not a ban: better a probe than no answer
    order.addAll(open);
    return order;
  }

  /** The worst case a call can cost: its prompt and its maximum output at the catalog price. */
  static BigDecimal worstCase(CatalogEntry e, ChatRequest r, int maxOutput) {
    if (e.zeroMarginalCost()) {
      return BigDecimal.ZERO;
    }
    long prompt = TokenCounter.estimate(r.messages());
    // local counts are estimates: allow for a denser tokenization than four characters a token
    long promptBound = prompt * 2 + 16;
    return e.price().costOf(promptBound, maxOutput);
  }

  private MonthLimit monthLimit() {
    Double limit = activePlan.get().map(RoutingPolicy::monthlyBudgetUsd).orElse(null);
    return new MonthLimit(
        limit == null ? null : BigDecimal.valueOf(limit), Budget.month(clock.instant()));
  }

  private record MonthLimit(BigDecimal limit, YearMonth month) {}

  /** A deployment's reservation, or null when the budget refuses it. */
  private BigDecimal reserve(MeteredDeployment d, ChatRequest r, int maxOutput, MonthLimit b) {
    BigDecimal amount = worstCase(d.catalogEntry(), r, maxOutput);
    if (b.limit() == null || amount.signum() == 0) {
      // without a budget the ledger still settles spend, so reserve nothing and record the cost
      return BigDecimal.ZERO;
    }
    return ledger.reserve(b.month(), amount, b.limit()) ? amount : null;
  }

  /** Calls one deployment: null when it served, otherwise its failure (already settled). */
  @FunctionalInterface
  private interface Call {
    ProviderException attempt(
        String id,
        MeteredDeployment d,
        ChatRequest bounded,
        BigDecimal reservation,
        MonthLimit budget);
  }

  /**
   * The routing loop shared by blocking and streaming chat: candidates in order, budget
   * reservation, fallback on what another deployment might not suffer, circuit bookkeeping.
   */
  private void route(
      String model, ChatRequest request, Integer maxTokens, List<String> notes, Call call) {
    List<String> order = candidates(model, notes);
    int maxOutput = maxTokens == null ? DEFAULT_MAX_OUTPUT_TOKENS : maxTokens;
    ChatRequest bounded = bound(request, maxOutput);
    MonthLimit budget = monthLimit();
    ProviderException last = null;
    boolean refusedByBudget = false;
    Deque<String> queue = new ArrayDeque<>(order);
    Set<String> deferred = new HashSet<>();
    while (!queue.isEmpty()) {
      String id = queue.poll();
      MeteredDeployment d = registry.find(id).orElse(null);
      if (d == null) {
        continue;
      }
      if (!breakers.claim(id) && deferred.add(id)) {
        // open, or another call is probing it after its cool-down: a last resort, after the rest
        queue.addLast(id);
        continue;
      }
      BigDecimal reservation = reserve(d, bounded, maxOutput, budget);
      if (reservation == null) {
        refusedByBudget = true;
        notes.add(id + ": would exceed the month's budget");
        continue;
      }
      ProviderException failed = call.attempt(id, d, bounded, reservation, budget);
      if (failed == null) {
        breakers.success(id);
        return;
      }
      last = failed;
      notes.add(id + ": " + failed.reason());
      if (!failed.retriable() && !deploymentFault(failed, order)) {
        throw providerError(failed, notes);
      }
      breakers.failure(id);
    }
    throw exhausted(last, refusedByBudget, notes);
  }

  public Served chat(String model, ChatRequest request, Integer maxTokens, String requestId) {
    List<String> notes = new ArrayList<>();
    AtomicReference<Served> served = new AtomicReference<>();
    route(
        model,
        request,
        maxTokens,
        notes,
        (id, d, bounded, reservation, budget) -> {
          AtomicReference<CallRecord> rec = new AtomicReference<>();
          try {
            ChatResponse resp = d.chat(bounded, rec::set);
            ledger.record(requestId, rec.get(), reservation);
            notes.add(id + ": served");
            served.set(new Served(id, resp, rec.get(), notes));
            return null;
          } catch (ProviderException e) {
            settle(requestId, rec.get(), reservation, budget);
            return e;
          }
        });
    return served.get();
  }

  public void stream(
      String model, ChatRequest request, Integer maxTokens, String requestId, StreamSink sink) {
    route(
        model,
        request,
        maxTokens,
        new ArrayList<>(),
        (id, d, bounded, reservation, budget) -> {
          Attempt a = new Attempt(id, sink, requestId, reservation, budget);
          d.chat(bounded, a, a::recorded);
          ProviderException failed = a.awaitStartOrFailure();
          if (failed == null) {
            a.awaitEnd();
          }
          return failed;
        });
  }

  /** One streaming attempt: buffers nothing; commits to the client at the first token. */
  private final class Attempt implements StreamingChatResponseHandler {
    private final String id;
    private final StreamSink sink;
    private final String requestId;
    private final BigDecimal reservation;
    private final MonthLimit budget;
    private final CompletableFuture<ProviderException> started = new CompletableFuture<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final AtomicBoolean committed = new AtomicBoolean();
    private final AtomicReference<CallRecord> record = new AtomicReference<>();
    private final CompletableFuture<CallRecord> recorded = new CompletableFuture<>();

    Attempt(
        String id, StreamSink sink, String requestId, BigDecimal reservation, MonthLimit budget) {
      this.id = id;
      this.sink = sink;
      this.requestId = requestId;
      this.reservation = reservation;
      this.budget = budget;
    }

    void recorded(CallRecord r) {
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
    public void onCompleteResponse(ChatResponse response) {
      commit();
      CallRecord r = recorded.getNow(record.get());
      try {
        ledger.record(requestId, r, reservation);
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
      settle(requestId, record.get(), reservation, budget);
      if (committed.get()) {
        sink.fail(p);
        ended.complete(null);
      } else {
        started.complete(p);
        ended.complete(null);
      }
    }

    ProviderException awaitStartOrFailure() {
      try {
        return started.get(FIRST_TOKEN_GUARD.toSeconds(), TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new ProviderException(
            ProviderException.Reason.TIMEOUT, null, null, "interrupted", e);
      } catch (ExecutionException | TimeoutException e) {
        return new ProviderException(
            ProviderException.Reason.TIMEOUT, null, null, "no first token in time", e);
      }
    }

    void awaitEnd() {
      try {
        ended.get(1, TimeUnit.HOURS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        LOG.warnf("stream %s did not end cleanly: %s", requestId, e.getMessage());
      }
    }
  }

  /**
   * A missing model (deleted while the plan uses it) or a rejected key is the deployment's fault,
   * not the request's: with fallbacks left, the next deployment is tried. A bad request or a
   * content-filter refusal would fail anywhere, so it goes back to the client.
   */
  private static boolean deploymentFault(ProviderException e, List<String> order) {
    return order.size() > 1
        && (e.reason() == ProviderException.Reason.NOT_FOUND
            || e.reason() == ProviderException.Reason.AUTHENTICATION
            || e.reason() == ProviderException.Reason.DISABLED);
  }

  private void settle(String requestId, CallRecord r, BigDecimal reservation, MonthLimit b) {
    if (r != null) {
      ledger.record(requestId, r, reservation);
    } else if (reservation.signum() > 0) {
      ledger.release(b.month(), reservation);
    }
  }

  private static ChatRequest bound(ChatRequest r, int maxOutput) {
    return ChatRequest.builder()
        .messages(r.messages())
        .parameters(
            r.parameters()
                .overrideWith(
                    dev.langchain4j.model.chat.request.ChatRequestParameters.builder()
                        .maxOutputTokens(maxOutput)
                        .build()))
        .build();
  }

  private static RoutingFailure providerError(ProviderException e, List<String> notes) {
    return RoutingFailure.refused(
        e, "The deployment refused the request (" + e.getMessage() + "); tried: " + notes);
  }

  private static RoutingFailure exhausted(
      ProviderException last, boolean budget, List<String> notes) {
    if (last == null && budget) {
      return RoutingFailure.ofDeployments(
          RoutingFailure.Reason.BUDGET_EXCEEDED,
          "The month's budget would be exceeded and the plan has no local deployment to fall back on; tried: "
              + notes,
          null);
    }
    if (last != null && last.reason() == ProviderException.Reason.RATE_LIMITED) {
      return RoutingFailure.ofDeployments(
          RoutingFailure.Reason.RATE_LIMITED,
          "Every deployment is rate limited or failing; tried: " + notes,
          last.retryAfter().orElse(null));
    }
    if (last != null && last.reason() == ProviderException.Reason.TIMEOUT) {
      return RoutingFailure.ofDeployments(
          RoutingFailure.Reason.TIMEOUT, "No deployment answered in time; tried: " + notes, null);
    }
    return RoutingFailure.ofDeployments(
        RoutingFailure.Reason.NO_DEPLOYMENT_AVAILABLE,
        "No deployment could serve the request; tried: " + notes,
        null);
  }
}
