package org.llmadvisor.app.routing;

import java.util.List;
import org.llmadvisor.providers.ProviderException;
import org.llmadvisor.providers.Refusal;

/**
 * Failure mapping: which provider failures the router falls back on, and the {@link RoutingFailure}
 * a client call ends with, worded once so the blocking and the streaming chat say the same.
 */
final class RoutingFailures {

  private RoutingFailures() {}

  static RoutingFailure missingModel() {
    return RoutingFailure.ofRequest(
        RoutingFailure.Reason.MISSING_MODEL,
        "model",
        "model is required: \"auto\" or a deployment id from GET /v1/models");
  }

  static RoutingFailure unknownModel(String model, List<String> enabledIds) {
    return RoutingFailure.ofRequest(
        RoutingFailure.Reason.UNKNOWN_MODEL,
        "model",
        "The model '" + model + "' does not exist; use \"auto\" or one of " + enabledIds);
  }

  static RoutingFailure noPlan() {
    return RoutingFailure.ofRequest(
        RoutingFailure.Reason.NO_PLAN,
        "model",
        "No plan is applied, so \"auto\" has nowhere to go: POST /api/plan, or name a deployment from GET /v1/models");
  }

  /** Every deployment the call may go to would have to drop or break a field of the request. */
  static RoutingFailure unsupported(Refusal r, List<String> notes) {
    return RoutingFailure.ofRequest(
        RoutingFailure.Reason.UNSUPPORTED_PARAMETER, r.param(), r.message() + "; tried: " + notes);
  }

  /**
   * Whether the next deployment gets the call after {@code e}: a retriable failure may not happen
   * there, and a deployment's own fault (see {@link #deploymentFault}) is not the request's.
   *
   * @param candidates how many deployments the call may go to
   */
  static boolean fallsBack(ProviderException e, int candidates) {
    return e.retriable() || deploymentFault(e, candidates);
  }

  /**
   * A missing model (deleted while the plan uses it) or a rejected key is the deployment's fault,
   * not the request's: with fallbacks left, the next deployment is tried. A bad request or a
   * content-filter refusal would fail anywhere, so it goes back to the client.
   */
  private static boolean deploymentFault(ProviderException e, int candidates) {
    return candidates > 1
        && (e.reason() == ProviderException.Reason.NOT_FOUND
            || e.reason() == ProviderException.Reason.AUTHENTICATION
            || e.reason() == ProviderException.Reason.DISABLED);
  }

  /** A refusal every deployment would share: it goes back to the client as the provider gave it. */
  static RoutingFailure refused(ProviderException e, List<String> notes) {
    return RoutingFailure.refused(
        e, "The deployment refused the request (" + e.getMessage() + "); tried: " + notes);
  }

  /**
   * Every candidate was tried or passed by.
   *
   * @param last the last deployment's failure, null when none was called
   * @param refusedByBudget whether the budget passed any deployment by
   */
  static RoutingFailure exhausted(
      ProviderException last, boolean refusedByBudget, List<String> notes) {
    if (last == null && refusedByBudget) {
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
