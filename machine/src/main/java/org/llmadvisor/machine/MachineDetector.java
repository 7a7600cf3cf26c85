package org.llmadvisor.machine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.machine.CommandRunner.CommandResult;

/**
 * Detects this machine: CPU and RAM through OSHI, GPUs through the vendors' tools and the kernel's
 * files, each GPU looked up in the hardware catalog. A missing tool or file is a note, never a
 * failure.
 */
public final class MachineDetector {

  private final CommandRunner runner;
  private final Path root;
  private final Supplier<HostBasics> host;
  private final List<Hardware> catalog;

  /**
   * @param root where {@code proc/} and {@code sys/} are found: {@code /} on a real machine, a
   *     recorded tree in tests
   */
  public MachineDetector(
      CommandRunner runner, Path root, Supplier<HostBasics> host, List<Hardware> catalog) {
    this.runner = runner;
    this.root = root;
    this.host = host;
    this.catalog = List.copyOf(catalog);
  }

  /** This machine, its tools given {@code timeout} each. */
  public static MachineDetector forThisMachine(Duration timeout, List<Hardware> catalog) {
    return new MachineDetector(
        new ProcessCommandRunner(timeout), Path.of("/"), OshiHost::read, catalog);
  }

  public MachineReport detect() {
    List<String> notes = new ArrayList<>();
    HostBasics h;
    try {
      h = host.get();
    } catch (RuntimeException | LinkageError e) {
      h = OshiHost.fromJdk();
      notes.add("OSHI could not read this system (" + e + "): CPU model and RAM unknown");
    }
    CpuInfo cpu =
        new CpuInfo(
            h.cpuModel(),
            h.cores(),
            h.threads(),
            h.maxFrequencyHz(),
            h.architecture(),
            instructionSets(h));
    MemoryInfo memory = new MemoryInfo(h.memoryTotal(), h.memoryAvailable());
    List<Gpu> found = new ArrayList<>();
    Optional<UnifiedMemory> unified = Optional.empty();
    if (h.isMac()) {
      if (h.isArm64()) {
        AppleSilicon.Apple apple = apple(notes);
        apple.gpu().ifPresent(found::add);
        unified = apple.unifiedMemory();
        notes.addAll(apple.notes());
      } else {
        notes.add("an Intel Mac: its GPU is not detected; models are sized for the CPU");
      }
    } else {
      List<String> missing = new ArrayList<>();
      Parsed nvidia = nvidia(missing);
      Parsed amd = amd(cpu, missing);
      found.addAll(nvidia.gpus());
      found.addAll(amd.gpus());
      notes.addAll(nvidia.notes());
      notes.addAll(amd.notes());
      if (found.isEmpty()) {
        notes.add("no GPU found (" + String.join("; ", missing) + "): models run on the CPU");
      }
    }
    List<Gpu> gpus = new ArrayList<>();
    for (Gpu g : found) {
      CatalogMatch.Result m = CatalogMatch.match(g, catalog);
      m.note().ifPresent(notes::add);
      gpus.add(g.withCatalog(m.hardware()));
    }
    return new MachineReport(h.os(), cpu, memory, gpus, unified, notes);
  }

  private List<String> instructionSets(HostBasics h) {
    Optional<String> cpuinfo = readFile(root.resolve("proc/cpuinfo"));
    return cpuinfo
        .map(InstructionSets::fromCpuinfo)
        .filter(l -> !l.isEmpty())
        .orElseGet(() -> InstructionSets.fromFlags(h.featureFlags(), h.architecture()));
  }

  private Parsed nvidia(List<String> missing) {
    CommandResult q = runner.run(NvidiaSmi.QUERY);
    if (!q.isOk()) {
      boolean onBus = nvidiaOnPciBus();
      missing.add("nvidia-smi " + q.why());
      if (onBus) {
        return Parsed.none(
            "an NVIDIA GPU is on the PCI bus but nvidia-smi "
                + q.why()
                + ": its memory cannot be read (install the NVIDIA driver)");
      }
      return new Parsed(List.of(), List.of());
    }
    Optional<String> list = Optional.empty();
    if (q.stdout().contains("Enabled")) {
      CommandResult l = runner.run(NvidiaSmi.LIST);
      list = l.isOk() ? Optional.of(l.stdout()) : Optional.empty();
    }
    return NvidiaSmi.parse(q.stdout(), list);
  }

  private Parsed amd(CpuInfo cpu, List<String> missing) {
    List<AmdGpus.SysfsCard> cards = amdSysfsCards();
    CommandResult r = runner.run(AmdGpus.ROCM_SMI);
    if (cards.isEmpty()) {
      missing.add("no AMD GPU in /sys/class/drm");
    }
    if (!r.isOk()) {
      missing.add("rocm-smi " + r.why());
    }
    boolean radeonInCpu = cpu.model().toLowerCase(java.util.Locale.ROOT).contains("radeon");
    return AmdGpus.parse(cards, r.isOk() ? Optional.of(r.stdout()) : Optional.empty(), radeonInCpu);
  }

  private AppleSilicon.Apple apple(List<String> notes) {
    CommandResult mem = runner.run(AppleSilicon.MEMSIZE);
    CommandResult brand = runner.run(AppleSilicon.BRAND);
    if (!mem.isOk() || !brand.isOk()) {
      return new AppleSilicon.Apple(
          Optional.empty(),
          Optional.empty(),
          List.of("sysctl " + (mem.isOk() ? brand : mem).why() + ": the Apple GPU is not seen"));
    }
    CommandResult wired = runner.run(AppleSilicon.WIRED_LIMIT);
    CommandResult displays = runner.run(AppleSilicon.DISPLAYS);
    if (!displays.isOk()) {
      notes.add("system_profiler " + displays.why() + ": GPU core count unknown");
    }
    return AppleSilicon.parse(
        mem.stdout(),
        brand.stdout(),
        wired.isOk() ? Optional.of(wired.stdout()) : Optional.empty(),
        displays.isOk() ? Optional.of(displays.stdout()) : Optional.empty());
  }

  private List<AmdGpus.SysfsCard> amdSysfsCards() {
    Path drm = root.resolve("sys/class/drm");
    List<AmdGpus.SysfsCard> out = new ArrayList<>();
    for (Path card : list(drm)) {
      String name = card.getFileName().toString();
      Path dev = card.resolve("device");
      if (!name.matches("card\\d+")
          || !readFile(dev.resolve("vendor")).map(String::strip).orElse("").equals("0x1002")) {
        continue;
      }
      Optional<Long> vram = readLong(dev.resolve("mem_info_vram_total"));
      if (vram.isEmpty()) {
        continue;
      }
      out.add(
          new AmdGpus.SysfsCard(
              name,
              readFile(dev.resolve("device")).map(String::strip).orElse("?"),
              readFile(dev.resolve("product_name")).map(String::strip).filter(s -> !s.isEmpty()),
              vram.get(),
              readLong(dev.resolve("mem_info_vram_used")),
              readLong(dev.resolve("mem_info_vis_vram_total")),
              readLong(dev.resolve("mem_info_gtt_total")),
              readLong(dev.resolve("mem_info_gtt_used"))));
    }
    return out;
  }

  private boolean nvidiaOnPciBus() {
    for (Path d : list(root.resolve("sys/bus/pci/devices"))) {
      boolean nvidia = readFile(d.resolve("vendor")).map(String::strip).orElse("").equals("0x10de");
      boolean display =
          readFile(d.resolve("class")).map(String::strip).orElse("").startsWith("0x03");
      if (nvidia && display) {
        return true;
      }
    }
    return false;
  }

  private static List<Path> list(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static Optional<String> readFile(Path p) {
    try {
      return Files.isReadable(p) ? Optional.of(Files.readString(p)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<Long> readLong(Path p) {
    return readFile(p)
        .flatMap(
            s -> {
              try {
                return Optional.of(Long.parseLong(s.strip()));
              } catch (NumberFormatException e) {
                return Optional.empty();
              }
            });
  }
}
