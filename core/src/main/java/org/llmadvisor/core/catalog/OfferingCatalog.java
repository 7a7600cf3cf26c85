package org.llmadvisor.core.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.llmadvisor.core.data.CatalogException;
import org.llmadvisor.core.data.CatalogFiles;
import org.llmadvisor.core.memory.QuantRecipe;

/**
 * What can be deployed and what it costs: cloud offerings ({@code offerings.json}), Ollama tags and
 * model quality ({@code local-models.json}), and hardware ownership costs ({@code ownership.json});
 * each extended or overridden by the user's catalog file.
 */
public final class OfferingCatalog {

  private final List<CloudOffering> offerings;
  private final List<OllamaTag> tags;
  private final Map<String, Quality> quality;
  private final QuantizationQuality quantization;
  private final Ownership ownership;

  private final List<VllmModel> vllmModels;

  private OfferingCatalog(
      List<CloudOffering> offerings,
      List<OllamaTag> tags,
      Map<String, Quality> quality,
      QuantizationQuality quantization,
      Ownership ownership,
      List<VllmModel> vllmModels) {
    this.vllmModels = vllmModels;
    this.offerings = offerings;
    this.tags = tags;
    this.quality = quality;
    this.quantization = quantization;
    this.ownership = ownership;
  }

  public static OfferingCatalog bundled() {
    return load(Optional.empty());
  }

  public static OfferingCatalog load(Optional<Path> userFile) {
    List<CloudOffering> offerings =
        CatalogFiles.load(
            "offerings.json", "offerings", userFile, OfferingCatalog::offering, CloudOffering::id);
    List<OllamaTag> tags =
        CatalogFiles.load(
            "local-models.json", "tags", "tag", userFile, OfferingCatalog::tag, OllamaTag::tag);
    Map<String, Quality> quality = new HashMap<>();
    CatalogFiles.load(
            "local-models.json",
            "quality",
            "preset",
            userFile,
            (row, where) -> Map.entry(row.get("preset").asText(), quality(row, where)),
            Map.Entry::getKey)
        .forEach(e -> quality.put(e.getKey(), e.getValue()));
    Map<String, Double> purchase = new HashMap<>();
    CatalogFiles.load(
            "ownership.json",
            "purchase",
            "hardware",
            userFile,
            (row, where) -> Map.entry(row.get("hardware").asText(), positive(row, "usd", where)),
            Map.Entry::getKey)
        .forEach(e -> purchase.put(e.getKey(), e.getValue()));
    Map<String, Double> rental = new HashMap<>();
    Map<String, Integer> maxPerServer = new HashMap<>();
    CatalogFiles.load(
            "ownership.json",
            "purchase",
            "hardware",
            userFile,
            (row, where) ->
                Map.entry(
                    row.get("hardware").asText(),
                    CatalogFiles.optNumber(row, "maxPerServer", where)
                        .map(v -> (int) Math.max(1, Math.round(v)))
                        .orElse(0)),
            Map.Entry::getKey)
        .stream()
        .filter(e -> e.getValue() > 0)
        .forEach(e -> maxPerServer.put(e.getKey(), e.getValue()));
    List<Ownership.HostSystem> hosts =
        CatalogFiles.load(
            "ownership.json",
            "hosts",
            "gpus",
            userFile,
            (row, where) ->
                new Ownership.HostSystem(
                    (int) positive(row, "gpus", where),
                    CatalogFiles.optNumber(row, "usd", where)
                        .orElseThrow(
                            () -> new CatalogException(where + ": field 'usd' is required")),
                    CatalogFiles.text(row, "source", where)),
            h -> Integer.toString(h.gpus()));
    List<Ownership.RentalOffer> offers =
        CatalogFiles.load(
            "ownership.json",
            "rentalOffers",
            userFile,
            OfferingCatalog::rentalOffer,
            Ownership.RentalOffer::id);
    // a GPU rented alone: the explicit rental rows first, else the cheapest one-GPU offer
    for (Ownership.RentalOffer o : offers) {
      o.usdPerHour(1).ifPresent(rate -> rental.merge(o.hardwareId(), rate, Math::min));
    }
    CatalogFiles.load(
            "ownership.json",
            "rental",
            "hardware",
            userFile,
            (row, where) ->
                Map.entry(row.get("hardware").asText(), positive(row, "usdPerHour", where)),
            Map.Entry::getKey)
        .forEach(e -> rental.put(e.getKey(), e.getValue()));
    JsonNode defaults = CatalogFiles.bundled("ownership.json").get("defaults");
    JsonNode userDefaults = CatalogFiles.user(userFile).path("defaults");
    Ownership ownership =
        new Ownership(
            value(defaults, userDefaults, "electricityUsdPerKwh"),
            (int) value(defaults, userDefaults, "amortizationMonths"),
            value(defaults, userDefaults, "hostSystemUsd"),
            value(defaults, userDefaults, "hostLoadWatts"),
            value(defaults, userDefaults, "idleWatts"),
            value(defaults, userDefaults, "operationsUsdPerMonth"),
            purchase,
            rental,
            hosts,
            offers,
            maxPerServer);
    List<VllmModel> vllm =
        CatalogFiles.load(
            "vllm-models.json",
            "vllmModels",
            "repository",
            userFile,
            VllmModel::parse,
            VllmModel::repository);
    return new OfferingCatalog(
        offerings,
        tags,
        Map.copyOf(quality),
        QuantizationQuality.load(userFile),
        ownership,
        List.copyOf(vllm));
  }

  public List<CloudOffering> offerings() {
    return offerings;
  }

  public List<OllamaTag> tags() {
    return tags;
  }

  /** The presets vLLM serves, a repository per weight format. */
  public List<VllmModel> vllmModels() {
    return vllmModels;
  }

  /** The preset's published score, for its 16-bit weights. */
  public Optional<Quality> quality(String preset) {
    return Optional.ofNullable(quality.get(preset));
  }

  /**
   * The preset's score as a file quantized with {@code quantization} has it: the published score
   * less what the recipe loses ({@link QuantizationQuality}).
   */
  public Optional<Quality> quality(String preset, String quantization) {
    return quality(preset).map(q -> this.quantization.apply(q, quantization));
  }

  public QuantizationQuality quantizationQuality() {
    return quantization;
  }

  public Ownership ownership() {
    return ownership;
  }

  public Optional<CloudOffering> offering(String id) {
    return offerings.stream().filter(o -> o.id().equalsIgnoreCase(id)).findFirst();
  }

  public Optional<OllamaTag> tag(String tag) {
    return tags.stream().filter(t -> t.tag().equalsIgnoreCase(tag)).findFirst();
  }

  private static double value(JsonNode bundled, JsonNode user, String field) {
    JsonNode u = user.path(field);
    JsonNode v = u.isMissingNode() ? bundled.path(field) : u;
    JsonNode n = v.isObject() ? v.path("value") : v;
    if (!n.isNumber() || n.asDouble() < 0) {
      throw new CatalogException(
          "ownership defaults: field '" + field + "' must be a number >= 0, was " + n);
    }
    return n.asDouble();
  }

  private static double positive(JsonNode row, String field, String where) {
    return CatalogFiles.optNumber(row, field, where)
        .filter(v -> v > 0)
        .orElseThrow(() -> new CatalogException(where + ": field '" + field + "' must be > 0"));
  }

  private static Ownership.RentalOffer rentalOffer(JsonNode row, String where) {
    int gpus = (int) positive(row, "gpus", where);
    return new Ownership.RentalOffer(
        CatalogFiles.text(row, "id", where),
        CatalogFiles.text(row, "provider", where),
        CatalogFiles.text(row, "instance", where),
        CatalogFiles.text(row, "hardware", where),
        gpus,
        CatalogFiles.optNumber(row, "maxGpus", where).map(v -> (int) Math.round(v)).orElse(gpus),
        positive(row, "usdPerHour", where),
        CatalogFiles.text(row, "source", where),
        CatalogFiles.text(row, "retrieved", where));
  }

  private static Quality quality(JsonNode row, String where) {
    return new Quality(
        CatalogFiles.text(row, "benchmark", where),
        CatalogFiles.optNumber(row, "score", where)
            .filter(v -> v <= 100)
            .orElseThrow(() -> new CatalogException(where + ": field 'score' must be 0-100")),
        CatalogFiles.text(row, "source", where));
  }

  private static OllamaTag tag(JsonNode row, String where) {
    String q = CatalogFiles.text(row, "quantization", where);
    Optional<LocalDate> quantizedOn;
    try {
      quantizedOn = CatalogFiles.optText(row, "quantizedOn").map(LocalDate::parse);
    } catch (DateTimeParseException e) {
      throw new CatalogException(where + ": field 'quantizedOn' must be a date (YYYY-MM-DD)");
    }
    return new OllamaTag(
        CatalogFiles.text(row, "tag", where),
        CatalogFiles.text(row, "preset", where),
        QuantRecipe.parse(q)
            .orElseThrow(
                () ->
                    new CatalogException(
                        where + ": field 'quantization' '" + q + "' is not a llama.cpp recipe")),
        row.path("default").asBoolean(false),
        CatalogFiles.text(row, "source", where),
        quantizedOn,
        quantizedOn.map(d -> CatalogFiles.text(row, "quantizedOnSource", where)));
  }

  private static CloudOffering offering(JsonNode row, String where) {
    String provider = CatalogFiles.text(row, "provider", where);
    if (!provider.equals("openai") && !provider.equals("azure-openai")) {
      throw new CatalogException(
          where + ": field 'provider' must be openai|azure-openai, was " + provider);
    }
    JsonNode rl = row.get("rateLimits");
    Optional<RateLimits> limits =
        rl == null || rl.isNull() ? Optional.empty() : Optional.of(rateLimits(rl, where));
    List<RateLimits> tiers = new ArrayList<>();
    JsonNode ts = row.path("rateLimitTiers");
    if (!ts.isMissingNode() && !ts.isNull() && !ts.isArray()) {
      throw new CatalogException(where + ": field 'rateLimitTiers' must be a list of tiers");
    }
    for (JsonNode t : ts) {
      RateLimits tier = rateLimits(t, where + " rateLimitTiers");
      if (tier.tier().isBlank()) {
        throw new CatalogException(where + ": every entry of 'rateLimitTiers' needs a 'tier'");
      }
      tiers.add(tier);
    }
    JsonNode q = row.get("quality");
    JsonNode r = row.path("reasoning");
    if (!r.isMissingNode() && !r.isNull() && !r.isBoolean()) {
      throw new CatalogException(where + ": field 'reasoning' must be true or false, was " + r);
    }
    boolean reasoning = r.asBoolean(false);
    Optional<String> reasoningSource = CatalogFiles.optText(row, "reasoningSource");
    if (reasoning && reasoningSource.isEmpty()) {
      throw new CatalogException(where + ": a reasoning model needs a 'reasoningSource'");
    }
    return new CloudOffering(
        CatalogFiles.text(row, "id", where),
        provider,
        CatalogFiles.text(row, "model", where),
        positive(row, "inputUsdPerMillion", where),
        positive(row, "outputUsdPerMillion", where),
        CatalogFiles.text(row, "priceDate", where),
        CatalogFiles.text(row, "priceSource", where),
        (long) positive(row, "contextWindow", where),
        (long) positive(row, "maxOutputTokens", where),
        CatalogFiles.optNumber(row, "timeToFirstTokenSeconds", where),
        CatalogFiles.optNumber(row, "outputTokensPerSecond", where).filter(v -> v > 0),
        CatalogFiles.optText(row, "speedSource").orElse(null),
        limits,
        q == null || q.isNull() ? Optional.empty() : Optional.of(quality(q, where + " quality")),
        CatalogFiles.optText(row, "retiredOn"),
        CatalogFiles.optText(row, "note").orElse(null),
        tiers,
        reasoning,
        reasoningSource);
  }

  private static RateLimits rateLimits(JsonNode rl, String where) {
    return new RateLimits(
        rl.path("tier").asText(""),
        positiveLong(rl, "requestsPerMinute", where),
        positiveLong(rl, "tokensPerMinute", where),
        rl.path("source").asText(""),
        CatalogFiles.optText(rl, "retrieved"));
  }

  private static Optional<Long> positiveLong(JsonNode row, String field, String where) {
    if (!row.hasNonNull(field)) {
      return Optional.empty();
    }
    JsonNode v = row.get(field);
    if (!v.isNumber() || v.asLong() <= 0) {
      throw new CatalogException(where + ": field '" + field + "' must be a number > 0, was " + v);
    }
    return Optional.of(v.asLong());
  }
}
