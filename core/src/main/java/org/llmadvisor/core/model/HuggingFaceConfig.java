package org.llmadvisor.core.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * Reads an architecture from a Hugging Face {@code config.json}. Field names differ by model family
 * (GPT-2 says {@code n_embd}, Llama says {@code hidden_size}); each family's conventions are
 * applied where the file is silent, e.g. GPT-2's feed-forward width defaults to 4 × hidden.
 */
public final class HuggingFaceConfig {

  /** model_type values whose layout this reader knows exactly. */
  public static final Set<String> SUPPORTED = Set.of("llama", "mistral", "mixtral", "gpt2", "phi");

  /** The fields that hold a count (sizes, layers, heads, positions): positive integers. */
  static final Set<String> COUNTS =
      Set.of(
          "vocab_size",
          "hidden_size",
          "n_embd",
          "num_hidden_layers",
          "n_layer",
          "num_attention_heads",
          "n_head",
          "num_key_value_heads",
          "head_dim",
          "intermediate_size",
          "n_inner",
          "max_position_embeddings",
          "n_positions",
          "n_ctx",
          "num_local_experts",
          "num_experts_per_tok");

  private static final ObjectMapper JSON = new ObjectMapper();

  private HuggingFaceConfig() {}

  public static Architecture parse(String json) {
    JsonNode n;
    try {
      n = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new ArchitectureException("config", "is not valid JSON: " + e.getOriginalMessage());
    }
    if (n == null || !n.isObject()) {
      throw new ArchitectureException("config", "must be a JSON object");
    }
    return parse(n);
  }

  public static Architecture parse(JsonNode n) {
    // every count is checked before any is required, so a bad value is reported as itself and
    // not as a field the reader happened to need first
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (COUNTS.contains(f) && !n.get(f).isNull()) {
        count(f, n.get(f));
      }
    }
    String type = text(n, "model_type");
    if (type == null) {
      throw new ArchitectureException("model_type", "is missing");
    }
    type = type.toLowerCase(Locale.ROOT);
    String name = text(n, "_name_or_path");
    return switch (type) {
      case "gpt2" -> gpt2(n, name);
      case "phi" -> phi(n, name);
      case "llama", "mistral", "mixtral" -> llama(n, name);
      default ->
          throw new ArchitectureException(
              "model_type", "'" + type + "' is not supported; supported: " + SUPPORTED);
    };
  }

  private static Architecture llama(JsonNode n, String name) {
    int heads = (int) required(n, "num_attention_heads");
    long hidden = required(n, "hidden_size");
    int experts = (int) optional(n, "num_local_experts", 1);
    boolean bias = bool(n, "attention_bias", false) || bool(n, "mlp_bias", false);
    return Architecture.builder()
        .name(name == null ? text(n, "model_type") : name)
        .vocabSize(required(n, "vocab_size"))
        .hiddenSize(hidden)
        .layers((int) required(n, "num_hidden_layers"))
        .attentionHeads(heads)
        .kvHeads((int) optional(n, "num_key_value_heads", heads))
        .headDim(n.hasNonNull("head_dim") ? required(n, "head_dim") : null)
        .intermediateSize(required(n, "intermediate_size"))
        .mlp(MlpKind.GATED)
        .positions(Positions.ROTARY)
        .contextLength(optional(n, "max_position_embeddings", 4096))
        .tiedEmbeddings(bool(n, "tie_word_embeddings", false))
        .norm(NormKind.RMSNORM)
        .linearBiases(bias)
        .experts(experts)
        .expertsPerToken((int) optional(n, "num_experts_per_tok", 1))
        .build();
  }

  private static Architecture gpt2(JsonNode n, String name) {
    long hidden = required(n, "n_embd");
    return Architecture.builder()
        .name(name == null ? "gpt2" : name)
        .vocabSize(required(n, "vocab_size"))
        .hiddenSize(hidden)
        .layers((int) required(n, "n_layer"))
        .attentionHeads((int) required(n, "n_head"))
        .intermediateSize(optional(n, "n_inner", 4 * hidden))
        .mlp(MlpKind.PLAIN)
        .positions(Positions.LEARNED)
        .contextLength(optional(n, "n_positions", optional(n, "n_ctx", 1024)))
        .tiedEmbeddings(bool(n, "tie_word_embeddings", true))
        .norm(NormKind.LAYERNORM)
        .linearBiases(true)
        .fusedQkv(true)
        .build();
  }

  private static Architecture phi(JsonNode n, String name) {
    int heads = (int) required(n, "num_attention_heads");
    return Architecture.builder()
        .name(name == null ? "phi" : name)
        .vocabSize(required(n, "vocab_size"))
        .hiddenSize(required(n, "hidden_size"))
        .layers((int) required(n, "num_hidden_layers"))
        .attentionHeads(heads)
        .kvHeads((int) optional(n, "num_key_value_heads", heads))
        .intermediateSize(required(n, "intermediate_size"))
        .mlp(MlpKind.PLAIN)
        .positions(Positions.ROTARY)
        .contextLength(optional(n, "max_position_embeddings", 2048))
        .tiedEmbeddings(bool(n, "tie_word_embeddings", false))
        .norm(NormKind.LAYERNORM)
        .linearBiases(true)
        .parallelBlock(true)
        .outputBias(true)
        .build();
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static long required(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new ArchitectureException(field, "is missing");
    }
    return count(field, v);
  }

  /**
   * A count as config.json writes it: a JSON integer ({@code 4096.0} is read as 4096), at least 1
   * and within an int, since layers and heads are ints in every reader of these files.
   */
  static long count(String field, JsonNode v) {
    if (v.isNumber()) {
      BigDecimal d = v.decimalValue();
      if (d.signum() > 0
          && d.stripTrailingZeros().scale() <= 0
          && d.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0) {
        return d.longValueExact();
      }
    }
    String got = v.toString();
    throw new ArchitectureException(
        field,
        "must be a positive integer, got "
            + (got.length() > 40 ? got.substring(0, 37) + "..." : got));
  }

  private static long optional(JsonNode n, String field, long fallback) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? fallback : required(n, field);
  }

  private static boolean bool(JsonNode n, String field, boolean fallback) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isBoolean()) {
      throw new ArchitectureException(field, "must be true or false, was " + v);
    }
    return v.asBoolean();
  }
}
