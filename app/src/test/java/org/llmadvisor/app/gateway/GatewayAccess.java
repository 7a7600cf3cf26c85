package org.llmadvisor.app.gateway;

/** The gateway tests' plan helper, for tests in other packages. */
public final class GatewayAccess {

  private GatewayAccess() {}

  /** Applies the plan and waits until it is active. */
  public static void applyPlan(String body) {
    GatewayTest.applyPlan(body);
  }
}
