package org.llmadvisor.providers.ollama;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.llmadvisor.core.model.Architecture;

/**
 * Model management on one Ollama server: what only Ollama offers, kept off {@link
 * org.llmadvisor.providers.Deployment}. Obtained from {@link
 * org.llmadvisor.providers.factory.Deployments#provision}, present only for an enabled Ollama
 * deployment.
 *
 * <p>Every method calls the server; failures are thrown as {@link
 * org.llmadvisor.providers.ProviderException} (connection, timeout, not found …).
 */
public interface OllamaManagement {

  /** A pulled model. */
  record LocalModel(
      String name, long sizeBytes, String family, String parameterSize, String quantization) {}

  /** A loaded model and the memory it holds, in bytes. */
  record RunningModel(String name, long sizeBytes, long vramBytes) {}

  /**
   * What Ollama reports of one model, mapped onto a core architecture where it can be; {@code
   * capabilities} as {@code /api/show} lists them since Ollama 0.6 ({@code completion}, {@code
   * tools}, {@code vision}, {@code thinking}, ...), empty from an older server that does not say.
   */
  record ModelInfo(
      String name,
      String family,
      String parameterSize,
      String quantization,
      Optional<Long> parameterCount,
      Optional<Long> contextLength,
      Optional<Architecture> architecture,
      Map<String, Object> modelInfo,
      List<String> capabilities) {}

  /** One line of pull progress; sizes in bytes. */
  record PullProgress(String status, String digest, long total, long completed) {
    /** Share done, 0-1; 0 while the size is not known yet. */
    public double fraction() {
      return total > 0
          ? Math.min(1.0, (double) completed / total)
          : status.equals("success") ? 1.0 : 0.0;
    }
  }

  /** The management of the Ollama server at {@code baseUrl} (no trailing slash). */
  static OllamaManagement connect(String baseUrl, Duration timeout) {
    return new OllamaManager(baseUrl, timeout);
  }

  /** Models pulled on the server ({@code /api/tags}). */
  List<LocalModel> list();

  /** One model's details ({@code /api/show}). */
  ModelInfo show(String name);

  /** Models loaded in memory now ({@code /api/ps}). */
  List<RunningModel> running();

  /** Pulls a model, reporting each progress line; returns when Ollama says success. */
  void pull(String name, Consumer<PullProgress> progress);

  /** Loads the model into memory and keeps it there for {@code keepAlive}. */
  void warmUp(String name, Duration keepAlive);

  /** Unloads the model now (keep_alive 0). */
  void unload(String name);
}
