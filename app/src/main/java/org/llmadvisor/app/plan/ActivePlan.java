package org.llmadvisor.app.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import org.llmadvisor.app.config.AdvisorConfig;
import org.llmadvisor.app.ledger.LedgerException;

/**
 * The plan {@code model: "auto"} routes by, kept in the ledger's database so that it survives a
 * restart and so that replicas sharing the database share it: each replica looks for a plan another
 * one stored at most once per refresh period, and a database hiccup keeps the plan it has.
 */
@ApplicationScoped
public class ActivePlan {

  private static final Logger LOG = Logger.getLogger(ActivePlan.class);

  private final PlanStore store;
  private final ObjectMapper json;
  private final Consumer<Plan.Derived> register;
  private final PlanStatusFeed feed;
  private final Clock clock;
  private final Duration refreshPeriod;

  private volatile Plan active;
  // the stored form of the active plan: a stored plan that differs from it is another replica's
  private volatile String activeBody;
  private volatile Instant checkedAt = Instant.EPOCH;

  @Inject
  ActivePlan(
      PlanStore store,
      ObjectMapper json,
      DerivedDeployments derived,
      PlanStatusFeed feed,
      Clock clock,
      AdvisorConfig config) {
    this(store, json, derived::register, feed, clock, config.plan().refreshPeriod());
  }

  ActivePlan(
      PlanStore store,
      ObjectMapper json,
      Consumer<Plan.Derived> register,
      PlanStatusFeed feed,
      Clock clock,
      Duration refreshPeriod) {
    this.store = store;
    this.json = json;
    this.register = register;
    this.feed = feed;
    this.clock = clock;
    this.refreshPeriod = refreshPeriod;
  }

  void onStart(@Observes StartupEvent e) {
    try {
      store
          .load()
          .ifPresent(
              body -> {
                try {
                  Plan p = adopt(body);
                  feed.publish(
                      new PlanStatus(
                          "active", List.of(), "restored the plan applied at " + p.appliedAt(), p));
                  LOG.infof("restored plan %s", p.deploymentIds());
                } catch (JsonProcessingException | RuntimeException ex) {
                  LOG.warnf("stored plan is unreadable and was ignored: %s", ex.getMessage());
                }
              });
    } catch (LedgerException ex) {
      LOG.warnf(
          "the ledger is unreachable at start-up (%s); the stored plan is loaded once it answers",
          ex.getMessage());
    }
  }

  /** The active plan, after picking up one another replica stored if it is time to look. */
  public Optional<Plan> get() {
    refreshIfChanged();
    return Optional.ofNullable(active);
  }

  /** Stores {@code plan} and makes it the active one. */
  void activate(Plan plan) throws JsonProcessingException {
    String body = json.writeValueAsString(plan);
    store.save(body, plan.appliedAt());
    active = plan;
    activeBody = body;
  }

  private void refreshIfChanged() {
    Instant now = clock.instant();
    if (now.isBefore(checkedAt.plus(refreshPeriod))) {
      return;
    }
    checkedAt = now;
    try {
      Optional<String> stored = store.load();
      if (stored.isPresent() && !stored.get().equals(activeBody)) {
        Plan p = adopt(stored.get());
        // a plan being prepared here reports its own progress; it is stored when it is ready
        if (!"preparing".equals(feed.current().state())) {
          feed.publish(
              new PlanStatus(
                  "active", List.of(), "plan applied at " + p.appliedAt() + " (stored)", p));
        }
      }
    } catch (JsonProcessingException | RuntimeException e) {
      LOG.debugf("plan refresh skipped: %s", e.getMessage());
    }
  }

  private Plan adopt(String body) throws JsonProcessingException {
    Plan p = json.readValue(body, Plan.class);
    p.derived().forEach(register);
    active = p;
    activeBody = body;
    return p;
  }
}
