package org.llmadvisor.machine;

import java.util.Optional;
import org.llmadvisor.core.units.ByteSize;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;

/** CPU, RAM and OS through OSHI, which reads them portably (procfs, sysctl, WMI). */
public final class OshiHost {

  private OshiHost() {}

  public static HostBasics read() {
    SystemInfo si = new SystemInfo();
    CentralProcessor cpu = si.getHardware().getProcessor();
    GlobalMemory mem = si.getHardware().getMemory();
    long max = cpu.getMaxFreq();
    long vendor = cpu.getProcessorIdentifier().getVendorFreq();
    // virtual machines often expose no cpufreq; the clock they report now is then the best left
    long current = java.util.Arrays.stream(cpu.getCurrentFreq()).max().orElse(0);
    Optional<Long> freq =
        max > 0
            ? Optional.of(max)
            : vendor > 0
                ? Optional.of(vendor)
                : current > 0 ? Optional.of(current) : Optional.empty();
    return new HostBasics(
        si.getOperatingSystem().getFamily(),
        System.getProperty("os.arch"),
        cpu.getProcessorIdentifier().getName().strip(),
        Math.max(1, cpu.getPhysicalProcessorCount()),
        Math.max(cpu.getPhysicalProcessorCount(), cpu.getLogicalProcessorCount()),
        freq,
        ByteSize.ofBytes(mem.getTotal()),
        ByteSize.ofBytes(mem.getAvailable()),
        cpu.getFeatureFlags());
  }

  /** The JDK's view, when OSHI cannot read the host (an unsupported OS, a missing native call). */
  public static HostBasics fromJdk() {
    int n = Runtime.getRuntime().availableProcessors();
    return new HostBasics(
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        "unknown",
        n,
        n,
        Optional.empty(),
        ByteSize.ZERO,
        ByteSize.ZERO,
        java.util.List.of());
  }
}
