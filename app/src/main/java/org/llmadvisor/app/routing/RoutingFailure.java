package org.llmadvisor.app.routing;

import java.time.Duration;
import java.util.Optional;
import org.llmadvisor.providers.ProviderException;

/**
 * A chat the router cannot serve, said in routing's terms: why, which request field is at fault,
 * and how long to wait before a retry can help. How that reaches a client (status, error type and
 * code) is the gateway's business, so routing knows nothing of any wire format.
 */
public final class RoutingFailure extends RuntimeException {

  /** Why a chat could not be routed. */
  public enum Reason {
    /** The request names no model. */
    MISSING_MODEL,
    /** The request names a deployment that is not configured or is disabled. */
    UNKNOWN_MODEL,
    /** The request asks for {@code auto} and no plan is applied. */
    NO_PLAN,
    /** No deployment the call may go to can honour a field of the request: see {@link #param()}. */
    UNSUPPORTED_PARAMETER,
    /**
     * A deployment refused the request for a reason another deployment would share (a bad request,
     * a content filter), or the one deployment named refused it: see {@link #providerReason()}.
     */
    PROVIDER_REFUSED,
    /** Every deployment left would take the month's spend over its budget. */
    BUDGET_EXCEEDED,
    /** The last deployment tried was rate limited: see {@link #retryAfter()}. */
    RATE_LIMITED,
    /** The last deployment tried did not answer in time. */
    TIMEOUT,
    /** No deployment could serve the request for any other reason. */
    NO_DEPLOYMENT_AVAILABLE
  }

  private final Reason reason;
  private final String param;
  private final Duration retryAfter;
  private final ProviderException.Reason providerReason;
  private final Integer providerStatus;

  private RoutingFailure(
      Reason reason, String param, String message, Duration retryAfter, ProviderException refusal) {
    super(message, refusal);
    this.reason = reason;
    this.param = param;
    this.retryAfter = retryAfter;
    this.providerReason = refusal == null ? null : refusal.reason();
    this.providerStatus = refusal == null ? null : refusal.status().orElse(null);
  }

  /** A failure that is the request's: {@code param} names the field to fix. */
  public static RoutingFailure ofRequest(Reason reason, String param, String message) {
    return new RoutingFailure(reason, param, message, null, null);
  }

  /** A failure of the deployments tried; {@code retryAfter} may be null. */
  public static RoutingFailure ofDeployments(Reason reason, String message, Duration retryAfter) {
    return new RoutingFailure(reason, null, message, retryAfter, null);
  }

  /** A deployment's refusal that goes back to the client as the provider gave it. */
  public static RoutingFailure refused(ProviderException refusal, String message) {
    return new RoutingFailure(Reason.PROVIDER_REFUSED, null, message, null, refusal);
  }

  public Reason reason() {
    return reason;
  }

  /** The request field at fault, if the failure is the request's. */
  public Optional<String> param() {
    return Optional.ofNullable(param);
  }

  /** How long the provider asked to wait, for {@link Reason#RATE_LIMITED}. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** Why the provider refused, for {@link Reason#PROVIDER_REFUSED}. */
  public Optional<ProviderException.Reason> providerReason() {
    return Optional.ofNullable(providerReason);
  }

  /** The HTTP status the provider refused with, if it answered with one. */
  public Optional<Integer> providerStatus() {
    return Optional.ofNullable(providerStatus);
  }
}
