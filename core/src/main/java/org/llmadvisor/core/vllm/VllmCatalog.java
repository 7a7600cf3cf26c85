package org.llmadvisor.core.vllm;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.core.speed.SpeedCalibration;

/**
 * Everything the vLLM model reads from data: vLLM's constants ({@code catalog/vllm.json}), the
 * devices' vLLM traits ({@code catalog/hardware.json}) and the shared speed calibration (bandwidth
 * efficiency, PCIe rate); each overridable by the user's catalog file.
 */
public record VllmCatalog(
    VllmConstants constants, Map<String, GpuTraits> traits, SpeedCalibration calibration) {

  public VllmCatalog {
    traits = Map.copyOf(traits);
  }

  public static VllmCatalog bundled() {
    return load(Optional.empty());
  }

  public static VllmCatalog load(Optional<Path> userFile) {
    return new VllmCatalog(
        VllmConstants.load(userFile), GpuTraits.load(userFile), SpeedCalibration.bundled());
  }

  /** The traits of {@code hw} by its catalog id; {@link GpuTraits#UNKNOWN} for other devices. */
  public GpuTraits traits(Hardware hw) {
    return traits.getOrDefault(hw.id().toLowerCase(Locale.ROOT), GpuTraits.UNKNOWN);
  }

  /** This catalog with other constants (for the fit and the tests). */
  public VllmCatalog withConstants(VllmConstants c) {
    return new VllmCatalog(c, traits, calibration);
  }
}
