package org.llmadvisor.core.workload;

/**
 * How many machines serve a model and how many devices each has: {@code replicas} servers behind a
 * least-outstanding-requests balancer, each with {@code devicesPerServer} identical GPUs that split
 * the model's layers (llama.cpp's layer split mode). A cloud API, a Mac and a CPU are 1 device.
 */
public record DeploymentShape(int replicas, int devicesPerServer) {

  /** One server with one device: every candidate before fleets. */
  public static final DeploymentShape SINGLE = new DeploymentShape(1, 1);

  public DeploymentShape {
    if (replicas < 1) {
      throw new IllegalArgumentException("replicas must be >= 1, was " + replicas);
    }
    if (devicesPerServer < 1) {
      throw new IllegalArgumentException("devicesPerServer must be >= 1, was " + devicesPerServer);
    }
  }

  public boolean isSingle() {
    return replicas == 1 && devicesPerServer == 1;
  }

  /** Devices in the whole fleet. */
  public int devices() {
    return Math.multiplyExact(replicas, devicesPerServer);
  }

  /** In words: "3 servers × 2 NVIDIA GeForce RTX 4090", "1 server × 1 Apple M4". */
  public String describe(String deviceName) {
    return replicas
        + (replicas == 1 ? " server" : " servers")
        + " × "
        + devicesPerServer
        + " "
        + deviceName;
  }

  /** Reads what {@link #toString()} writes: {@code <replicas>x<devicesPerServer>}. */
  public static DeploymentShape parse(String text) {
    int x = text == null ? -1 : text.indexOf('x');
    if (x <= 0 || x == text.length() - 1) {
      throw new IllegalArgumentException(
          "a shape is <replicas>x<devicesPerServer>, e.g. 3x2; was '" + text + "'");
    }
    try {
      return new DeploymentShape(
          Integer.parseInt(text.substring(0, x)), Integer.parseInt(text.substring(x + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "a shape is <replicas>x<devicesPerServer>, e.g. 3x2; was '" + text + "'", e);
    }
  }

  @Override
  public String toString() {
    return replicas + "x" + devicesPerServer;
  }
}
