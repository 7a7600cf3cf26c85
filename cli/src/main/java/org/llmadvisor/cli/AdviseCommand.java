package org.llmadvisor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.llmadvisor.core.advice.Advice;
import org.llmadvisor.core.advice.Recommendation;
import org.llmadvisor.core.units.Wording;
import org.llmadvisor.service.AdviceRequestBody;
import org.llmadvisor.service.AdviceResponse;
import org.llmadvisor.service.Advising;
import org.llmadvisor.service.Catalogs;
import org.llmadvisor.service.ServiceJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./advisor advise}: the body of {@code POST /api/advice} from a file or standard input,
 * with flags for the common fields (a flag overrides the file's field).
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "advise",
    sortOptions = false,
    description = {
      "Ranked, explained deployments for a workload (POST /api/advice).",
      "Example: ./advisor advise --request request.json",
      "         ./advisor advise --requests-per-day 20000 --input-tokens 500 --output-tokens 200"
          + " --latency-target-ms 8000 --budget 300"
    })
final class AdviseCommand extends BaseCommand {

  @Option(
      names = "--request",
      paramLabel = "file|-",
      description = "The body of POST /api/advice: a JSON file, or - for standard input.")
  String request;

  @Option(names = "--requests-per-day", description = "workload.requestsPerDay")
  Double requestsPerDay;

  @Option(names = "--active-hours", description = "workload.activeHoursPerDay (default 24)")
  Double activeHours;

  @Option(names = "--peak-factor", description = "workload.peakFactor (default 1)")
  Double peakFactor;

  @Option(names = "--input-tokens", description = "workload.inputTokens")
  Double inputTokens;

  @Option(names = "--output-tokens", description = "workload.outputTokens")
  Double outputTokens;

  @Option(names = "--parallel", description = "workload.parallel (default: the advisor chooses)")
  Long parallel;

  @Option(names = "--latency-target-ms", description = "latencyTargetMs: the p95 target")
  Double latencyTargetMs;

  @Option(names = "--latency-target", description = "end-to-end (default) or first-token")
  String latencyTarget;

  @Option(names = "--budget", description = "monthlyBudgetUsd")
  Double budget;

  @Option(names = "--quality-floor", description = "qualityFloor (MMLU, percent)")
  Double qualityFloor;

  @Option(names = "--local-only", description = "dataMustStayLocal: no cloud offerings")
  Boolean localOnly;

  @Option(
      names = "--hardware",
      split = ",",
      description =
          "Hardware ids the team owns (repeat or separate with commas); id:count for several of"
              + " one device, as rtx-4090:2.")
  List<String> hardware;

  @Option(
      names = "--compare-with",
      description = "compareWith: the cloud offering the break-even is drawn against.")
  String compareWith;

  @Option(names = "--no-rent", description = "allowRentedHardware false")
  Boolean noRent;

  @Option(names = "--top", description = "Rows in the table (default 10).", defaultValue = "10")
  int top;

  @Override
  public Integer call() {
    ObjectNode body = read();
    ObjectNode workload =
        body.get("workload") instanceof ObjectNode w ? w : ServiceJson.mapper().createObjectNode();
    boolean hadWorkload = body.has("workload");
    put(workload, "workload.requestsPerDay", "--requests-per-day", requestsPerDay);
    put(workload, "workload.activeHoursPerDay", "--active-hours", activeHours);
    put(workload, "workload.peakFactor", "--peak-factor", peakFactor);
    put(workload, "workload.inputTokens", "--input-tokens", inputTokens);
    put(workload, "workload.outputTokens", "--output-tokens", outputTokens);
    put(workload, "workload.parallel", "--parallel", parallel);
    if (hadWorkload || !workload.isEmpty()) {
      body.set("workload", workload);
    }
    put(body, "latencyTargetMs", "--latency-target-ms", latencyTargetMs);
    put(body, "latencyTarget", "--latency-target", latencyTarget);
    put(body, "monthlyBudgetUsd", "--budget", budget);
    put(body, "qualityFloor", "--quality-floor", qualityFloor);
    put(body, "dataMustStayLocal", "--local-only", localOnly);
    put(body, "hardware", "--hardware", hardware == null ? null : owned(hardware));
    put(body, "allowRentedHardware", "--no-rent", noRent == null ? null : !noRent);
    put(body, "compareWith", "--compare-with", compareWith);
    Catalogs catalogs = context().catalogs();
    AdviceResponse r =
        refusedAsFlags(
            () -> {
              AdviceRequestBody b = ServiceJson.read(body, AdviceRequestBody.class);
              Advice a = Advising.advise(catalogs, context().thisMachine(), b);
              // nothing measured: no deployment is configured outside the app
              return new AdviceResponse(a, Map.of());
            });
    return print(r, () -> table(r.advice()));
  }

  /** "rtx-4090" stays an id; "rtx-4090:2" becomes {"id": "rtx-4090", "count": 2}. */
  static List<Object> owned(List<String> ids) {
    return ids.stream()
        .map(
            id -> {
              int colon = id.lastIndexOf(':');
              String tail = colon < 0 ? "" : id.substring(colon + 1);
              if (tail.isEmpty() || !tail.chars().allMatch(Character::isDigit)) {
                return (Object) id;
              }
              return Map.of("id", id.substring(0, colon), "count", Long.parseLong(tail));
            })
        .toList();
  }

  private ObjectNode read() {
    if (request == null) {
      return ServiceJson.mapper().createObjectNode();
    }
    String text;
    try {
      if (request.equals("-")) {
        InputStream in = System.in;
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } else {
        text = Files.readString(Path.of(request));
      }
    } catch (IOException e) {
      throw new BadInput("--request: cannot read " + request + ": " + e.getMessage());
    }
    JsonNode tree;
    try {
      tree = ServiceJson.mapper().readTree(text);
    } catch (IOException e) {
      throw new BadInput(
          "--request: "
              + org.llmadvisor.service.RequestErrors.of(
                      (com.fasterxml.jackson.core.JsonProcessingException) e)
                  .getMessage());
    }
    if (!(tree instanceof ObjectNode o)) {
      throw new BadInput("--request: the body must be one JSON object");
    }
    return o;
  }

  private void table(Advice a) {
    Table t =
        new Table(">#", "candidate", ">p95 ms", ">$/month", ">$/M tokens", ">quality", "meets");
    int rank = 0;
    for (Recommendation rec : a.recommendations()) {
      if (rank >= top) {
        break;
      }
      Recommendation.Json j = rec.json();
      rank++;
      t.row(
          rank,
          j.id(),
          Table.num(j.predicted().p95LatencyMs(), "%.0f"),
          Wording.f("%.2f", j.predicted().monthlyCostUsd()),
          Wording.f("%.2f", j.predicted().costPerMillionTokensUsd()),
          Table.num(j.quality(), "%.1f"),
          meets(j));
    }
    t.print(out());
    out().println();
    if (a.best() != null) {
      Recommendation.Json best =
          a.recommendations().stream()
              .map(Recommendation::json)
              .filter(j -> j.id().equals(a.best()))
              .findFirst()
              .orElseThrow();
      out()
          .printf(
              Locale.ROOT,
              "Best: %s, p95 %s ms, $%.2f a month.%n",
              best.id(),
              Table.num(best.predicted().p95LatencyMs(), "%.0f"),
              best.predicted().monthlyCostUsd());
    } else {
      out()
          .println(
              "Nothing meets every constraint"
                  + (a.relax().isEmpty() ? "." : ": " + a.relax().get(0).message()));
    }
  }

  private static String meets(Recommendation.Json j) {
    if (j.meetsLatency()
        && j.meetsBudget()
        && j.meetsQuality()
        && j.meetsDataLocality()
        && j.meetsCapacity()) {
      return "all";
    }
    StringBuilder s = new StringBuilder("misses");
    if (!j.meetsLatency()) s.append(" latency");
    if (!j.meetsBudget()) s.append(" budget");
    if (!j.meetsQuality()) s.append(" quality");
    if (!j.meetsDataLocality()) s.append(" locality");
    if (!j.meetsCapacity()) s.append(" capacity");
    return s.toString();
  }
}
