package org.llmadvisor.app.routing;

import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.YearMonth;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.llmadvisor.app.ledger.Budget;
import org.llmadvisor.app.ledger.CallRecorder;
import org.llmadvisor.providers.ProviderException;
import org.llmadvisor.providers.ProviderType;
import org.llmadvisor.providers.Refusal;
import org.llmadvisor.providers.metering.CallRecord;
import org.llmadvisor.providers.metering.MeteredDeployment;
import org.llmadvisor.providers.ollama.OllamaDeployment;

/**
 * Runs a chat on the plan: deployments in order, skipping open circuits, moving those whose
 * measured p95 exceeds the target behind those that meet it, reserving the worst-case cost of a
 * cloud call against the month's budget before making it, and falling back on retriable errors.
 * Every attempt is written to the ledger before the client sees the answer.
 *
 * <p>The façade the gateway calls; the parts are {@link CandidateOrder} (where to try), {@link
 * BudgetHold} (reserve, settle, release), {@link StreamAttempt} (the streaming handshake) and
 * {@link RoutingFailures} (when to fall back, and how a call fails).
 */
@ApplicationScoped
public class Router {

  /** Output bound when a request sets no max_tokens: it caps both the call and its reservation. */
  static final int DEFAULT_MAX_OUTPUT_TOKENS = 4096;

  private final DeploymentLookup registry;
  private final CircuitBreakers breakers;
  private final CandidateOrder candidates;
  private final BudgetHold budget;
  private final Supplier<Optional<RoutingPolicy>> activePlan;

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
    this.breakers = breakers;
    this.candidates = new CandidateOrder(registry, activePlan, breakers, windows);
    this.budget = new BudgetHold(ledger, activePlan, clock);
    this.activePlan = activePlan;
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

    /**
     * A fragment of the {@code index}th tool call: its id and name when the provider gives them,
     * and the next piece of its JSON arguments.
     */
    void toolCall(int index, String id, String name, String arguments);

    void complete(ChatResponse response, CallRecord record);

    /** The stream failed after it started: the client already has part of the answer. */
    void fail(ProviderException error);
  }

  /** Calls one deployment: null when it served, otherwise its failure (already settled). */
  @FunctionalInterface
  private interface Call {
    ProviderException attempt(
        String id, MeteredDeployment d, ChatRequest bounded, BudgetHold.Reservation reservation);
  }

  /**
   * The routing loop shared by blocking and streaming chat: candidates in order, budget
   * reservation, fallback on what another deployment might not suffer, circuit bookkeeping.
   */
  private void route(
      String model, ChatRequest request, Integer maxTokens, List<String> notes, Call call) {
    List<String> order = candidates.of(model, notes);
    int maxOutput = maxTokens == null ? DEFAULT_MAX_OUTPUT_TOKENS : maxTokens;
    ChatRequest bounded = bound(request, maxOutput);
    BudgetHold.Limit limit = budget.limit();
    ProviderException last = null;
    boolean refusedByBudget = false;
    Refusal refusal = null;
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
      Optional<Refusal> cannot = d.refuses(bounded);
      if (cannot.isPresent()) {
        // never a fallback that would drop what the client asked for
        refusal = refusal == null ? cannot.get() : refusal;
        notes.add(id + ": " + cannot.get().message());
        continue;
      }
      Optional<BudgetHold.Reservation> reservation = budget.reserve(d, bounded, maxOutput, limit);
      if (reservation.isEmpty()) {
        refusedByBudget = true;
        notes.add(id + ": would exceed the month's budget");
        continue;
      }
      ProviderException failed = call.attempt(id, d, served(id, d, bounded), reservation.get());
      if (failed == null) {
        breakers.success(id);
        return;
      }
      last = failed;
      notes.add(id + ": " + failed.reason());
      if (!RoutingFailures.fallsBack(failed, order.size())) {
        throw RoutingFailures.refused(failed, notes);
      }
      breakers.failure(id);
    }
    if (last == null && !refusedByBudget && refusal != null) {
      throw RoutingFailures.unsupported(refusal, notes);
    }
    throw RoutingFailures.exhausted(last, refusedByBudget, notes);
  }

  public Served chat(String model, ChatRequest request, Integer maxTokens, String requestId) {
    List<String> notes = new ArrayList<>();
    AtomicReference<Served> served = new AtomicReference<>();
    route(
        model,
        request,
        maxTokens,
        notes,
        (id, d, bounded, reservation) -> {
          AtomicReference<CallRecord> rec = new AtomicReference<>();
          try {
            ChatResponse resp = d.chat(bounded, rec::set);
            budget.record(requestId, rec.get(), reservation);
            notes.add(id + ": served");
            served.set(new Served(id, resp, rec.get(), notes));
            return null;
          } catch (ProviderException e) {
            budget.settle(requestId, rec.get(), reservation);
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
        (id, d, bounded, reservation) ->
            new StreamAttempt(id, sink, requestId, budget, reservation).run(d, bounded));
  }

  /**
   * The request with the plan's serving setup for this deployment: an Ollama model is told the
   * context per slot the advice sized it for ({@code num_ctx}); otherwise Ollama would load it with
   * its default context, not the one the plan's predictions and memory assumed.
   */
  private ChatRequest served(String id, MeteredDeployment d, ChatRequest bounded) {
    if (d.provider() != ProviderType.OLLAMA) {
      return bounded;
    }
    Integer ctx = activePlan.get().map(p -> p.contextPerSlot().get(id)).orElse(null);
    return ctx == null ? bounded : OllamaDeployment.withContextLength(bounded, ctx);
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
}
