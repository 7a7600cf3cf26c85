package org.llmadvisor.cli;

import java.util.Locale;
import org.llmadvisor.core.units.Wording;
import org.llmadvisor.service.SystemView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./advisor system}: this machine, as {@code GET /api/system} shows it. */
@Command(
    mixinStandardHelpOptions = true,
    name = "system",
    description = {
      "This machine: CPU, RAM, GPUs, the local Ollama and the measured memory bandwidth"
          + " (GET /api/system).",
      "The first run measures (a few seconds) and keeps the result in the data folder."
    })
final class SystemCommand extends BaseCommand {

  @Option(names = "--measure", description = "Measure the memory bandwidth again.")
  boolean measure;

  @Override
  public Integer call() {
    SystemView v = measure ? context().machine().measure() : context().machine().system();
    return print(v, () -> table(v));
  }

  private void table(SystemView v) {
    Table t = new Table("", "");
    t.row("os", v.os());
    t.row(
        "cpu",
        Wording.f("%s, %d cores, %d threads", v.cpu().model(), v.cpu().cores(), v.cpu().threads()));
    t.row(
        "memory",
        Table.gib(v.memory().totalBytes())
            + " ("
            + Table.gib(v.memory().availableBytes())
            + " available)");
    t.row(
        "bandwidth",
        Wording.f(
            "%.1f GB/s (%s, %s)",
            v.memory().bandwidthGBps(), v.memory().bandwidthMethod(), v.memory().measuredAt()));
    if (v.gpus().isEmpty()) {
      t.row("gpu", "none seen");
    }
    for (SystemView.GpuView g : v.gpus()) {
      t.row(
          "gpu",
          g.name()
              + ", "
              + Table.gib(g.memoryBytes())
              + (g.catalogId() == null ? "" : " (catalog: " + g.catalogId() + ")"));
    }
    t.row(
        "ollama",
        v.ollama().url()
            + (v.ollama().reachable()
                ? " " + v.ollama().version() + ", " + v.ollama().models().size() + " models"
                : " not reachable"));
    t.print(out());
    if (!v.notes().isEmpty()) {
      out().println();
      v.notes().forEach(n -> out().println("note: " + n));
    }
    out().println();
    out()
        .printf(
            Locale.ROOT,
            "%s with %s and %.1f GB/s: see ./advisor fit for what runs here.%n",
            v.gpus().isEmpty() ? "CPU only" : v.gpus().get(0).name(),
            Table.gib(v.memory().totalBytes()),
            v.memory().bandwidthGBps());
  }
}
