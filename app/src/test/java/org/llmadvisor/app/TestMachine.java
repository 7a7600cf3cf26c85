package org.llmadvisor.app;

import io.quarkus.test.junit.QuarkusTestProfile;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.llmadvisor.app.config.AdvisorConfig;
import org.llmadvisor.app.config.CatalogsProducer;
import org.llmadvisor.core.units.ByteSize;
import org.llmadvisor.machine.CpuInfo;
import org.llmadvisor.machine.MachineReport;
import org.llmadvisor.machine.Measurement;
import org.llmadvisor.machine.MemoryBandwidth;
import org.llmadvisor.machine.MemoryInfo;
import org.llmadvisor.machine.TokenRead;
import org.llmadvisor.service.Catalogs;
import org.llmadvisor.service.ThisMachine;

/**
 * The machine every {@code @QuarkusTest} sees as {@code "local"}: a fixed one, so that advice and
 * estimates do not depend on the machine the tests run on, unless the test's profile is {@link
 * Detected}, which detects and measures the real one.
 */
@Dependent
public class TestMachine {

  private static final long MIB = 1024L * 1024;

  /** 8 cores / 16 threads at 3 GHz with AVX2, 32 GiB, no GPU; token read 40.0 GB/s (32 x 25 MB). */
  public static final ThisMachine FIXED =
      ThisMachine.fixed(
          new MachineReport(
              "Linux",
              new CpuInfo(
                  "Test CPU 8-Core",
                  8,
                  16,
                  Optional.of(3_000_000_000L),
                  "amd64",
                  List.of("AVX2", "FMA")),
              new MemoryInfo(ByteSize.ofGiB(32), ByteSize.ofGiB(28)),
              List.of(),
              Optional.empty(),
              List.of("no GPU found: no nvidia-smi, rocm-smi or amd-smi on the PATH")),
          new Measurement(
              Instant.parse("2026-11-30T09:00:00Z"),
              "Test CPU 8-Core",
              new MemoryBandwidth.Result(48.0, 16, 32 * MIB, 1.0),
              new TokenRead.Result(8, 32, 25_000_000, 50, 0.02, 4e-6)));

  @Produces
  @Alternative
  @Priority(1)
  @ApplicationScoped
  ThisMachine thisMachine(
      AdvisorConfig config,
      Catalogs catalogs,
      @ConfigProperty(name = "test.this-machine", defaultValue = "fixed") String which) {
    return which.equals("detected") ? CatalogsProducer.detected(config, catalogs) : FIXED;
  }

  /** A test profile under which {@code "local"} is the machine the tests run on. */
  public static class Detected implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("test.this-machine", "detected");
    }
  }
}
