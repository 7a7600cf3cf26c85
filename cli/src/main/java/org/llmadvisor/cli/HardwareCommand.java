package org.llmadvisor.cli;

import java.util.List;
import org.llmadvisor.core.units.Wording;
import org.llmadvisor.service.CatalogRows;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./advisor hardware}: the devices, as {@code GET /api/catalog/hardware} lists them. */
@Command(
    mixinStandardHelpOptions = true,
    name = "hardware",
    description = "The hardware catalog (GET /api/catalog/hardware), filtered.")
final class HardwareCommand extends BaseCommand {

  @Option(names = "--kind", description = "gpu, apple or cpu.")
  String kind;

  @Option(names = "--search", description = "A word in the id or the name (4090, h100, m2).")
  String search;

  @Option(names = "--min-memory", description = "At least this much memory, GiB.")
  Double minMemoryGiB;

  @Override
  public Integer call() {
    CatalogRows.HardwareFilter filter = new CatalogRows.HardwareFilter(kind, search, minMemoryGiB);
    List<CatalogRows.HardwareRow> rows =
        refusedAsFlags(
            () -> {
              flag("kind", "--kind");
              flag("minMemoryGiB", "--min-memory");
              return filter.apply(CatalogRows.hardware(context().catalogs()));
            });
    return print(
        rows,
        () -> {
          Table t = new Table("id", "name", "kind", ">memory", ">GB/s", ">FP16 TFLOP/s");
          rows.forEach(
              r ->
                  t.row(
                      r.id(),
                      r.name(),
                      r.kind(),
                      Wording.f("%.1f GiB", r.memoryGiB()),
                      Wording.f("%.0f", r.memoryBandwidthGBps()),
                      Table.num(r.fp16Tflops(), "%.1f")));
          t.print(out());
          out().println();
          out().println(rows.size() + " devices.");
        });
  }
}
