package org.llmadvisor.machine;

import java.util.List;
import java.util.Optional;
import org.llmadvisor.core.units.ByteSize;

/**
 * What the operating system says of CPU and RAM (read through OSHI on a real machine, given by
 * tests).
 *
 * @param os family: {@code Linux}, {@code macOS}, {@code Windows} …
 * @param architecture {@code os.arch}: {@code amd64}, {@code aarch64} …
 * @param featureFlags the CPU feature lines the OS lists, for when {@code /proc/cpuinfo} is absent
 */
public record HostBasics(
    String os,
    String architecture,
    String cpuModel,
    int cores,
    int threads,
    Optional<Long> maxFrequencyHz,
    ByteSize memoryTotal,
    ByteSize memoryAvailable,
    List<String> featureFlags) {

  public boolean isMac() {
    return os.toLowerCase(java.util.Locale.ROOT).contains("mac");
  }

  public boolean isArm64() {
    return architecture.equals("aarch64") || architecture.equals("arm64");
  }
}
