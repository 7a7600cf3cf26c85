package org.llmadvisor.app.routing;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import org.llmadvisor.providers.Deployment;
import org.llmadvisor.providers.DeploymentDescription;
import org.llmadvisor.providers.ProviderErrors;
import org.llmadvisor.providers.ProviderException;
import org.llmadvisor.providers.Readiness;
import org.llmadvisor.providers.Refusal;

/**
 * The replicas of one deployment ({@code advisor.deployments.<id>.base-url} listing several URLs)
 * seen as one deployment, so the router, the meter and the ledger see one call per client call.
 *
 * <p>Balancing: each call goes to the admitted replica with the fewest calls in flight; ties go
 * round robin, starting after the replica chosen last. A retriable failure (timeout, refused or
 * broken connection, 429, 5xx, a garbled answer) or a missing model on one replica is retried once
 * on each other replica, best first, before the failure leaves this deployment (and the router
 * falls through to the next one). A streamed call is retried only before its first token: after
 * that the client already has part of the answer.
 *
 * <p>Passive health ({@link ReplicaHealth}): a replica is ejected after {@link
 * Policy#ejectAfterFailures()} consecutive failures of that kind, or at once when its connection is
 * refused, and re-admitted by a trial call once {@link Policy#cooldown()} has passed. When every
 * replica left is ejected, the one whose cool-down ends first is tried anyway: better a trial than
 * no answer.
 *
 * <p>Each attempt is reported to the {@link AttemptListener} (logs and metrics); the call's single
 * record comes from the meter that wraps this deployment.
 */
public final class ReplicaSet implements Deployment {

  private static final Logger LOG = Logger.getLogger(ReplicaSet.class);

  /**
   * @param ejectAfterFailures consecutive failures that eject a replica
   * @param cooldown how long an ejected replica gets no calls before a trial call
   * @param latencyWindow successful calls per replica over which p50 and p95 are measured
   */
  public record Policy(int ejectAfterFailures, Duration cooldown, int latencyWindow) {
    public Policy {
      ejectAfterFailures = Math.max(1, ejectAfterFailures);
      latencyWindow = Math.max(1, latencyWindow);
      Objects.requireNonNull(cooldown, "cooldown");
    }
  }

  /**
   * One call on one replica.
   *
   * @param replica the replica's URL as {@link #displayUrl} shows it
   * @param errorClass the translated reason, null on success
   * @param retry true when an earlier replica failed this client call
   */
  public record Attempt(
      String deploymentId, String replica, String errorClass, long latencyMs, boolean retry) {
    public boolean success() {
      return errorClass == null;
    }
  }

  /** Hears of every attempt; must not throw. */
  @FunctionalInterface
  public interface AttemptListener {
    void onAttempt(Attempt a);
  }

  /**
   * A replica as {@code /api/deployments} shows it.
   *
   * @param state {@code up} or {@code ejected}
   * @param p50Ms measured over the last successful calls; null before the first
   */
  public record ReplicaView(
      String url,
      String state,
      int outstanding,
      Long p50Ms,
      Long p95Ms,
      long calls,
      long failures,
      long ejections) {}

  /** A replica, its load and its latency; its health is the set's {@link ReplicaHealth}. */
  private static final class Member {
    final int index;
    final String url;
    final Deployment deployment;
    final AtomicInteger outstanding = new AtomicInteger();
    final AtomicLong calls = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    final long[] window;
    int windowSize;
    int windowNext;

    Member(int index, String url, Deployment deployment, int window) {
      this.index = index;
      this.url = url;
      this.deployment = deployment;
      this.window = new long[window];
    }
  }

  private final DeploymentDescription description;
  private final List<Member> members;
  private final Policy policy;
  private final Clock clock;
  private final ReplicaHealth health;
  private final AttemptListener listener;
  private final ChatModel chat = new BalancedChat();
  private final StreamingChatModel streaming = new BalancedStreaming();
  private int cursor;

  /**
   * @param description who the deployment is (its settings list every replica)
   * @param replicas the same deployment at each replica's URL, keyed by that URL, in order
   */
  public ReplicaSet(
      DeploymentDescription description,
      List<Replica> replicas,
      Policy policy,
      Clock clock,
      AttemptListener listener) {
    if (replicas.isEmpty()) {
      throw new IllegalArgumentException("a deployment needs at least one replica");
    }
    this.description = description;
    this.policy = policy;
    this.clock = clock;
    this.listener = listener;
    List<Member> m = new ArrayList<>();
    for (int i = 0; i < replicas.size(); i++) {
      m.add(
          new Member(
              i,
              displayUrl(replicas.get(i).url()),
              replicas.get(i).deployment(),
              policy.latencyWindow()));
    }
    this.members = List.copyOf(m);
    this.health =
        new ReplicaHealth(replicas.size(), policy.ejectAfterFailures(), policy.cooldown(), clock);
  }

  /** One replica: the deployment's settings with this replica's base URL. */
  public record Replica(String url, Deployment deployment) {}

  /**
   * A URL fit to show and to tag metrics with: no user info, query or fragment, where a secret
   * could hide.
   */
  public static String displayUrl(String url) {
    if (url == null) {
      return "";
    }
    try {
      URI u = new URI(url);
      if (u.getHost() == null) {
        return url.replaceAll("[?#].*$", "");
      }
      return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null)
          .toString();
    } catch (URISyntaxException e) {
      return url.replaceAll("^([a-z]+://)[^@/]*@", "$1").replaceAll("[?#].*$", "");
    }
  }

  public int size() {
    return members.size();
  }

  /** Each replica's URL, state, calls in flight and measured latency, in configured order. */
  public synchronized List<ReplicaView> views() {
    List<ReplicaView> out = new ArrayList<>();
    for (Member m : members) {
      long[] values;
      synchronized (m.window) {
        values = Arrays.copyOf(m.window, m.windowSize);
      }
      Arrays.sort(values);
      out.add(
          new ReplicaView(
              m.url,
              health.ejected(m.index) ? "ejected" : "up",
              m.outstanding.get(),
              percentile(values, 0.50),
              percentile(values, 0.95),
              m.calls.get(),
              m.failures.get(),
              health.ejections(m.index)));
    }
    return out;
  }

  /** Each replica's own readiness check, in configured order. */
  public List<Readiness> readinessEach() {
    return members.stream().map(m -> m.deployment.ready()).toList();
  }

  private static Long percentile(long[] sorted, double q) {
    return org.llmadvisor.core.stats.Percentile.ofSorted(sorted, q);
  }

  /**
   * The replica for the next attempt, not one of {@code tried}, with its call counted in flight;
   * null when every replica has been tried.
   */
  private synchronized Member pick(Set<Member> tried) {
    int n = members.size();
    Member best = null;
    for (int k = 0; k < n; k++) {
      Member m = members.get((cursor + k) % n);
      if (tried.contains(m) || !health.admits(m.index)) {
        continue;
      }
      if (best == null || m.outstanding.get() < best.outstanding.get()) {
        best = m;
      }
    }
    if (best == null) {
      OptionalInt back = health.firstBack(i -> !tried.contains(members.get(i)));
      best = back.isPresent() ? members.get(back.getAsInt()) : null;
    }
    if (best != null) {
      cursor = (best.index + 1) % n;
      health.sent(best.index);
      best.outstanding.incrementAndGet();
    }
    return best;
  }

  /** Books an attempt's end: health, latency window, listener. */
  private void finished(Member m, long startMs, ProviderException error, boolean retry) {
    long latency = Math.max(0, clock.millis() - startMs);
    m.outstanding.decrementAndGet();
    m.calls.incrementAndGet();
    boolean fault = error != null && replicaFault(error);
    synchronized (this) {
      if (!fault) {
        // an answer, even a refusal of the request, shows the replica is alive
        if (health.answered(m.index)) {
          LOG.infof("%s: replica %s answers again and is re-admitted", id(), m.url);
        }
      } else {
        m.failures.incrementAndGet();
        if (health.failed(m.index, error.reason())) {
          LOG.warnf(
              "%s: replica %s ejected for %s after %s",
              id(), m.url, policy.cooldown(), error.reason());
        }
      }
    }
    if (error == null) {
      synchronized (m.window) {
        m.window[m.windowNext] = latency;
        m.windowNext = (m.windowNext + 1) % m.window.length;
        m.windowSize = Math.min(m.window.length, m.windowSize + 1);
      }
    }
    try {
      listener.onAttempt(
          new Attempt(id(), m.url, error == null ? null : error.reason().name(), latency, retry));
    } catch (RuntimeException ignored) {
      // a failing listener must not fail the call it observes
    }
  }

  /** A failure another replica of the same deployment might not suffer. */
  static boolean replicaFault(ProviderException e) {
    return e.retriable() || e.reason() == ProviderException.Reason.NOT_FOUND;
  }

  private void retrying(Member failed, ProviderException e) {
    LOG.infof("%s: replica %s failed (%s), trying another replica", id(), failed.url, e.reason());
  }

  private final class BalancedChat implements ChatModel {
    @Override
    public ChatResponse chat(ChatRequest request) {
      Set<Member> tried = new HashSet<>();
      ProviderException last = null;
      for (Member m = pick(tried); m != null; m = pick(tried)) {
        boolean retry = !tried.isEmpty();
        tried.add(m);
        long start = clock.millis();
        try {
          ChatResponse r = m.deployment.chatModel().chat(request);
          finished(m, start, null, retry);
          return r;
        } catch (RuntimeException e) {
          ProviderException p = ProviderErrors.translate(e);
          finished(m, start, p, retry);
          if (!replicaFault(p)) {
            throw p;
          }
          if (tried.size() < members.size()) {
            retrying(m, p);
          }
          last = p;
        }
      }
      throw last;
    }
  }

  private final class BalancedStreaming implements StreamingChatModel {
    @Override
    public void chat(ChatRequest request, StreamingChatResponseHandler handler) {
      Set<Member> tried = new HashSet<>();
      attempt(request, handler, tried, pick(tried));
    }

    private void attempt(
        ChatRequest request, StreamingChatResponseHandler handler, Set<Member> tried, Member m) {
      boolean retry = !tried.isEmpty();
      tried.add(m);
      long start = clock.millis();
      AtomicBoolean started = new AtomicBoolean();
      AtomicBoolean ended = new AtomicBoolean();
      StreamingChatResponseHandler watched =
          new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
              started.set(true);
              handler.onPartialResponse(partial, context);
            }

            @Override
            public void onPartialResponse(String token) {
              started.set(true);
              handler.onPartialResponse(token);
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
              if (ended.compareAndSet(false, true)) {
                finished(m, start, null, retry);
              }
              handler.onCompleteResponse(response);
            }

            @Override
            public void onError(Throwable error) {
              if (!ended.compareAndSet(false, true)) {
                return;
              }
              ProviderException p = ProviderErrors.translate(error);
              finished(m, start, p, retry);
              Member next = !started.get() && replicaFault(p) ? pick(tried) : null;
              if (next == null) {
                handler.onError(p);
              } else {
                retrying(m, p);
                attempt(request, handler, tried, next);
              }
            }
          };
      try {
        m.deployment.streamingChatModel().chat(request, watched);
      } catch (RuntimeException e) {
        watched.onError(e);
      }
    }
  }

  @Override
  public DeploymentDescription description() {
    return description;
  }

  @Override
  public ChatModel chatModel() {
    return chat;
  }

  @Override
  public StreamingChatModel streamingChatModel() {
    return streaming;
  }

  /**
   * One replica: its own check. Several: ready when any replica is, with each one's answer in the
   * detail.
   */
  /** The replicas serve one model through one provider: what one refuses, all do. */
  @Override
  public Optional<Refusal> refuses(ChatRequest request) {
    return members.get(0).deployment.refuses(request);
  }

  @Override
  public Readiness ready() {
    if (members.size() == 1) {
      return members.get(0).deployment.ready();
    }
    List<Readiness> each = readinessEach();
    long up = each.stream().filter(Readiness::ready).count();
    StringBuilder detail =
        new StringBuilder().append(up).append(" of ").append(each.size()).append(" replicas ready");
    for (int i = 0; i < each.size(); i++) {
      detail.append("; ").append(members.get(i).url).append(": ").append(each.get(i).detail());
    }
    return new Readiness(up > 0, detail.toString());
  }
}
