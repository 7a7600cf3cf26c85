package org.llmadvisor.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import org.llmadvisor.core.units.Wording;
import org.llmadvisor.service.FitRequest;
import org.llmadvisor.service.FitResponse;
import org.llmadvisor.service.FitService;
import org.llmadvisor.service.ServiceJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./advisor fit}: which catalog models run on this machine, ranked. */
@Command(
    mixinStandardHelpOptions = true,
    name = "fit",
    sortOptions = false,
    description = {
      "What runs on this machine, ranked: each catalog model at the best quantization that fits"
          + " at a usable speed, with tokens/s and memory.",
      "Detects the machine; the first run measures its memory bandwidth (a few seconds) and keeps"
          + " the result in the data folder.",
      "Example: ./advisor fit --context 8192 --min-speed 10"
    })
final class FitCommand extends BaseCommand {

  @Option(names = "--context", description = "Context tokens each model is sized for (4096).")
  Long context;

  @Option(names = "--min-speed", description = "Usable generation speed, tokens/s (default 5).")
  Double minSpeed;

  @Option(
      names = {"--quantization", "-q"},
      split = ",",
      description = "Recipes to try, best first (default Q8_0,Q6_K,Q5_K_M,Q4_K_M,Q3_K_M).")
  List<String> quantizations;

  @Option(names = "--family", description = "Only this model family (llama, mistral, ...).")
  String family;

  @Option(names = "--limit", description = "At most this many rows.")
  Long limit;

  @Override
  public Integer call() {
    ObjectNode body = ServiceJson.mapper().createObjectNode();
    put(body, "contextTokens", "--context", context);
    put(body, "minTokensPerSecond", "--min-speed", minSpeed);
    put(body, "quantizations", "--quantization", quantizations);
    put(body, "family", "--family", family);
    put(body, "limit", "--limit", limit);
    FitRequest request = refusedAsFlags(() -> ServiceJson.read(body, FitRequest.class));
    refusedAsFlags(request::validate);
    CliContext c = context();
    FitResponse r =
        refusedAsFlags(() -> new FitService(c.catalogs()).fit(request, c.machine().hardware()));
    return print(r, () -> table(r));
  }

  private void table(FitResponse r) {
    out()
        .printf(
            Locale.ROOT,
            "%s: %s memory, %.0f GB/s, context %d tokens%n%n",
            r.hardware().name(),
            Table.gib(r.hardware().memoryBytes()),
            r.hardware().memoryBandwidthGBps(),
            r.contextTokens());
    Table t = new Table(">#", "model", "quant", ">memory", ">tokens/s", ">quality", "status");
    int rank = 0;
    for (FitResponse.Row row : r.models()) {
      rank++;
      t.row(
          rank,
          row.model(),
          row.quantization(),
          Table.gib(row.memoryBytes()),
          Wording.f("%.1f", row.generationTokensPerSecond()),
          Table.num(row.quality(), "%.1f"),
          row.runs() ? "runs" : row.fits() ? "too slow" : "does not fit");
    }
    t.print(out());
    out().println();
    out().println(r.verdict());
  }
}
