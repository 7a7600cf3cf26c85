package org.llmadvisor.core.advice;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.llmadvisor.core.cost.Acquisition;
import org.llmadvisor.core.workload.DeploymentShape;

/**
 * The id of a candidate deployment, as {@code /api/advice} returns it and {@code /api/plan} takes
 * it back: {@code ollama/<tag>@<hardware>[:buy|:rent][:<replicas>x<devicesPerServer>]}, {@code
 * vllm/<hugging-face-repo>@<hardware>[...]} (same suffixes), {@code openai/<model>} or {@code
 * azure/<model>}. A fleet names its shape ({@code ollama/llama3:8b@rtx-4090:rent:3x2}); one server
 * with one device names none, so the ids given before fleets still read as 1×1. The format and the
 * parser live here together so that they cannot drift apart.
 *
 * @param model the Ollama tag, or the cloud model name
 * @param device where an Ollama tag runs; empty for the cloud, and for an Ollama id that names no
 *     hardware ({@code ollama/<tag>}, accepted so a plan can ask for "any Ollama server")
 */
public record RecommendationId(Provider provider, String model, Optional<Device> device) {

  /** The first segment of an id. */
  public enum Provider {
    OLLAMA("ollama"),
    /** vLLM on the team's own GPUs; the model is the Hugging Face repository it serves. */
    VLLM("vllm"),
    OPENAI("openai"),
    AZURE("azure");

    private final String prefix;

    Provider(String prefix) {
      this.prefix = prefix;
    }

    public String prefix() {
      return prefix;
    }

    public boolean isLocal() {
      return this == OLLAMA || this == VLLM;
    }
  }

  /**
   * A catalog hardware id, how it is paid for, and the fleet's shape; owned hardware has no
   * acquisition suffix, because that is what a team that names its own device means.
   */
  public record Device(String hardwareId, Acquisition acquisition, DeploymentShape shape) {
    public Device {
      requireText(hardwareId, "hardware id");
      Objects.requireNonNull(acquisition, "acquisition");
      Objects.requireNonNull(shape, "shape");
    }

    /** One server with one device. */
    public Device(String hardwareId, Acquisition acquisition) {
      this(hardwareId, acquisition, DeploymentShape.SINGLE);
    }

    String format() {
      return hardwareId
          + (acquisition == Acquisition.OWNED
              ? ""
              : ":" + acquisition.name().toLowerCase(Locale.ROOT))
          + (shape.isSingle() ? "" : ":" + shape);
    }

    static Device parse(String text) {
      DeploymentShape shape = DeploymentShape.SINGLE;
      Matcher m = SHAPE_SUFFIX.matcher(text);
      if (m.find()) {
        shape = DeploymentShape.parse(m.group(1));
        text = text.substring(0, m.start());
      }
      for (Acquisition a : Acquisition.values()) {
        String suffix = ":" + a.name().toLowerCase(Locale.ROOT);
        if (a != Acquisition.OWNED && text.endsWith(suffix)) {
          return new Device(text.substring(0, text.length() - suffix.length()), a, shape);
        }
      }
      return new Device(text, Acquisition.OWNED, shape);
    }
  }

  private static final Pattern SHAPE_SUFFIX = Pattern.compile(":([0-9]+x[0-9]+)$");

  public RecommendationId {
    Objects.requireNonNull(provider, "provider");
    requireText(model, "model");
    Objects.requireNonNull(device, "device");
    if (!provider.isLocal() && device.isPresent()) {
      throw new IllegalArgumentException(
          "a " + provider.prefix() + " id names no hardware, was given " + device.get());
    }
    if (provider.isLocal() && model.contains("@")) {
      throw new IllegalArgumentException(
          "a local model name cannot contain '@', was '" + model + "'");
    }
  }

  public static RecommendationId ollama(String tag, String hardwareId, Acquisition acquisition) {
    return new RecommendationId(
        Provider.OLLAMA, tag, Optional.of(new Device(hardwareId, acquisition)));
  }

  public static RecommendationId ollama(
      String tag, String hardwareId, Acquisition acquisition, DeploymentShape shape) {
    return new RecommendationId(
        Provider.OLLAMA, tag, Optional.of(new Device(hardwareId, acquisition, shape)));
  }

  /** vLLM serving a Hugging Face repository on {@code shape} servers of that hardware. */
  public static RecommendationId vllm(
      String repository, String hardwareId, Acquisition acquisition, DeploymentShape shape) {
    return new RecommendationId(
        Provider.VLLM, repository, Optional.of(new Device(hardwareId, acquisition, shape)));
  }

  /** The fleet's shape: 1×1 for the cloud and for an id that names no hardware. */
  public DeploymentShape shape() {
    return device.map(Device::shape).orElse(DeploymentShape.SINGLE);
  }

  public static RecommendationId cloud(Provider provider, String model) {
    return new RecommendationId(provider, model, Optional.empty());
  }

  /**
   * Reads an id that {@link #format()} wrote; surrounding blanks are ignored.
   *
   * @throws IllegalArgumentException naming the id and what is wrong with it
   */
  public static RecommendationId parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("a recommendation id is required, was null");
    }
    String id = text.strip();
    int slash = id.indexOf('/');
    Provider provider = slash < 0 ? null : provider(id.substring(0, slash));
    if (provider == null) {
      throw new IllegalArgumentException(
          "'" + text + "' does not start with ollama/, vllm/, openai/ or azure/");
    }
    String rest = id.substring(slash + 1);
    try {
      if (!provider.isLocal()) {
        return cloud(provider, rest);
      }
      int at = rest.indexOf('@');
      return at < 0
          ? new RecommendationId(provider, rest, Optional.empty())
          : new RecommendationId(
              provider, rest.substring(0, at), Optional.of(Device.parse(rest.substring(at + 1))));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + text + "': " + e.getMessage(), e);
    }
  }

  public String format() {
    return provider.prefix() + "/" + model + device.map(d -> "@" + d.format()).orElse("");
  }

  @Override
  public String toString() {
    return format();
  }

  private static Provider provider(String prefix) {
    for (Provider p : Provider.values()) {
      if (p.prefix().equals(prefix)) {
        return p;
      }
    }
    return null;
  }

  private static void requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank, was '" + value + "'");
    }
  }
}
