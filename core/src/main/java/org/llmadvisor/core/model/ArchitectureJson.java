package org.llmadvisor.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * The JSON form of an {@link Architecture}, shared by the catalog files and the API so that both
 * validate the same way: unknown fields, wrong types and out-of-range values are rejected with the
 * field's name.
 */
public final class ArchitectureJson {

  public static final Set<String> FIELDS =
      Set.of(
          "name",
          "vocabSize",
          "hiddenSize",
          "layers",
          "attentionHeads",
          "kvHeads",
          "headDim",
          "intermediateSize",
          "mlp",
          "positions",
          "contextLength",
          "tiedEmbeddings",
          "norm",
          "linearBiases",
          "experts",
          "expertsPerToken",
          "parallelBlock",
          "outputBias",
          "fusedQkv",
          "qkvBias",
          "qkNorm",
          "postNorms",
          "slidingWindow",
          "globalEvery",
          "sharedExpertSize",
          "expertType",
          "attentionSinks");

  private ArchitectureJson() {}

  /**
   * Reads an architecture; {@code prefix} is prepended to field names in errors (e.g. {@code
   * "model."}).
   */
  public static Architecture read(JsonNode n, String prefix) {
    if (n == null || !n.isObject()) {
      throw new ArchitectureException(strip(prefix), "must be an object of architecture fields");
    }
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!FIELDS.contains(f)) {
        throw new ArchitectureException(
            prefix + f, "is not an architecture field; known: " + FIELDS);
      }
    }
    try {
      Architecture.Builder b =
          Architecture.builder()
              .vocabSize(req(n, "vocabSize", prefix))
              .hiddenSize(req(n, "hiddenSize", prefix))
              .layers(toInt(req(n, "layers", prefix), prefix + "layers"))
              .attentionHeads(toInt(req(n, "attentionHeads", prefix), prefix + "attentionHeads"))
              .intermediateSize(req(n, "intermediateSize", prefix))
              .mlp(enumOf(n, "mlp", prefix, MlpKind.class, MlpKind.GATED))
              .positions(enumOf(n, "positions", prefix, Positions.class, Positions.ROTARY))
              .contextLength(opt(n, "contextLength", prefix, 4096))
              .tiedEmbeddings(bool(n, "tiedEmbeddings", prefix, false))
              .norm(enumOf(n, "norm", prefix, NormKind.class, NormKind.RMSNORM))
              .linearBiases(bool(n, "linearBiases", prefix, false))
              .experts(toInt(opt(n, "experts", prefix, 1), prefix + "experts"))
              .expertsPerToken(
                  toInt(opt(n, "expertsPerToken", prefix, 1), prefix + "expertsPerToken"))
              .parallelBlock(bool(n, "parallelBlock", prefix, false))
              .outputBias(bool(n, "outputBias", prefix, false))
              .fusedQkv(bool(n, "fusedQkv", prefix, false))
              .qkvBias(bool(n, "qkvBias", prefix, false))
              .qkNorm(bool(n, "qkNorm", prefix, false))
              .postNorms(bool(n, "postNorms", prefix, false))
              .slidingWindow(zeroOr(n, "slidingWindow", prefix))
              .globalEvery(toInt(zeroOr(n, "globalEvery", prefix), prefix + "globalEvery"))
              .sharedExpertSize(zeroOr(n, "sharedExpertSize", prefix))
              .attentionSinks(bool(n, "attentionSinks", prefix, false));
      if (n.hasNonNull("expertType")) {
        String t = n.get("expertType").asText();
        b.expertType(
            GgmlType.parse(t)
                .orElseThrow(
                    () ->
                        new ArchitectureException(
                            prefix + "expertType", "is not a ggml type, was '" + t + "'")));
      }
      if (n.hasNonNull("name")) {
        b.name(n.get("name").asText());
      }
      if (n.hasNonNull("kvHeads")) {
        b.kvHeads(toInt(req(n, "kvHeads", prefix), prefix + "kvHeads"));
      }
      if (n.hasNonNull("headDim")) {
        b.headDim(req(n, "headDim", prefix));
      }
      return b.build();
    } catch (ArchitectureException e) {
      if (e.field().startsWith(prefix)) {
        throw e;
      }
      throw new ArchitectureException(
          prefix + e.field(), e.getMessage().substring(e.field().length() + 1));
    }
  }

  public static ObjectNode write(Architecture a) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("name", a.name());
    o.put("vocabSize", a.vocabSize());
    o.put("hiddenSize", a.hiddenSize());
    o.put("layers", a.layers());
    o.put("attentionHeads", a.attentionHeads());
    o.put("kvHeads", a.kvHeads());
    o.put("headDim", a.headDim());
    o.put("intermediateSize", a.intermediateSize());
    o.put("mlp", a.mlp().name().toLowerCase(Locale.ROOT));
    o.put("positions", a.positions().name().toLowerCase(Locale.ROOT));
    o.put("contextLength", a.contextLength());
    o.put("tiedEmbeddings", a.tiedEmbeddings());
    o.put("norm", a.norm().name().toLowerCase(Locale.ROOT));
    o.put("linearBiases", a.linearBiases());
    o.put("experts", a.experts());
    o.put("expertsPerToken", a.expertsPerToken());
    o.put("parallelBlock", a.parallelBlock());
    o.put("outputBias", a.outputBias());
    o.put("fusedQkv", a.fusedQkv());
    // the later fields only where they say something, so that the answers for the models that
    // need none of them read as before
    putIf(o, "qkvBias", a.qkvBias());
    putIf(o, "qkNorm", a.qkNorm());
    putIf(o, "postNorms", a.postNorms());
    if (a.slidingWindow() > 0) {
      o.put("slidingWindow", a.slidingWindow());
      o.put("globalEvery", a.globalEvery());
    }
    if (a.sharedExpertSize() > 0) {
      o.put("sharedExpertSize", a.sharedExpertSize());
    }
    if (a.expertType() != null) {
      o.put("expertType", a.expertType().name());
    }
    putIf(o, "attentionSinks", a.attentionSinks());
    return o;
  }

  private static void putIf(ObjectNode o, String field, boolean value) {
    if (value) {
      o.put(field, true);
    }
  }

  /** A count that may be 0 (meaning none). */
  private static long zeroOr(JsonNode n, String f, String prefix) {
    JsonNode v = n.get(f);
    if (v == null || v.isNull() || (v.isIntegralNumber() && v.asLong() == 0)) {
      return 0;
    }
    return HuggingFaceConfig.count(prefix + f, v);
  }

  private static String strip(String prefix) {
    return prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
  }

  private static long req(JsonNode n, String f, String prefix) {
    JsonNode v = n.get(f);
    if (v == null || v.isNull()) {
      throw new ArchitectureException(prefix + f, "is required");
    }
    return HuggingFaceConfig.count(prefix + f, v);
  }

  private static long opt(JsonNode n, String f, String prefix, long fallback) {
    return n.hasNonNull(f) ? req(n, f, prefix) : fallback;
  }

  private static int toInt(long v, String field) {
    if (v > 1_000_000) {
      throw new ArchitectureException(field, "must be <= 1000000, was " + v);
    }
    return (int) v;
  }

  private static boolean bool(JsonNode n, String f, String prefix, boolean fallback) {
    JsonNode v = n.get(f);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isBoolean()) {
      throw new ArchitectureException(prefix + f, "must be true or false, was " + v);
    }
    return v.asBoolean();
  }

  private static <E extends Enum<E>> E enumOf(
      JsonNode n, String f, String prefix, Class<E> type, E fallback) {
    JsonNode v = n.get(f);
    if (v == null || v.isNull()) {
      return fallback;
    }
    String s = v.asText().toUpperCase(Locale.ROOT);
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(s)) {
        return e;
      }
    }
    StringBuilder allowed = new StringBuilder();
    for (E e : type.getEnumConstants()) {
      allowed.append(allowed.length() == 0 ? "" : "|").append(e.name().toLowerCase(Locale.ROOT));
    }
    throw new ArchitectureException(prefix + f, "must be one of " + allowed + ", was " + v);
  }
}
