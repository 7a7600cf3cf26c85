package org.llmadvisor.core.gguf;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.llmadvisor.core.memory.QuantizedTensor;
import org.llmadvisor.core.model.Architecture;
import org.llmadvisor.core.model.Component;
import org.llmadvisor.core.model.MlpKind;
import org.llmadvisor.core.model.NormKind;
import org.llmadvisor.core.model.Positions;
import org.llmadvisor.core.model.TensorShape;

/**
 * A model as a GGUF file describes it: the architecture read from the metadata and the tensor table
 * with each tensor's real storage type, so sizes are exact rather than estimated.
 */
public record GgufModel(Architecture architecture, List<QuantizedTensor> tensors, String fileType) {

  private static final Pattern BLOCK = Pattern.compile("^blk\\.(\\d+)\\.");

  public GgufModel {
    tensors = List.copyOf(tensors);
  }

  public static GgufModel of(GgufFile f) {
    String arch =
        f.string("general.architecture")
            .orElseThrow(() -> new GgufFormatException("metadata general.architecture is missing"));
    List<QuantizedTensor> tensors = new ArrayList<>();
    for (GgufTensorInfo t : f.tensors()) {
      tensors.add(new QuantizedTensor(shape(t), t.type()));
    }
    return new GgufModel(architecture(f, arch), tensors, fileType(f));
  }

  private static Architecture architecture(GgufFile f, String arch) {
    long hidden = require(f, arch + ".embedding_length");
    int layers = (int) require(f, arch + ".block_count");
    int heads = (int) require(f, arch + ".attention.head_count");
    int kvHeads = f.integer(arch + ".attention.head_count_kv").map(Long::intValue).orElse(heads);
    long headDim = f.integer(arch + ".attention.key_length").orElse(hidden / heads);
    long context = f.integer(arch + ".context_length").orElse(2048L);
    int experts =
        f.integer(arch + ".expert_count").map(Long::intValue).filter(e -> e > 0).orElse(1);
    int used =
        f.integer(arch + ".expert_used_count").map(Long::intValue).filter(e -> e > 0).orElse(1);
    Optional<GgufTensorInfo> embd = tensor(f, "token_embd.weight");
    long vocab =
        f.integer(arch + ".vocab_size")
            .or(() -> f.array("tokenizer.ggml.tokens").map(GgufFile.ArraySummary::length))
            .or(() -> embd.map(t -> t.dims().get(1)))
            .orElseThrow(() -> new GgufFormatException("cannot tell the vocabulary size"));
    long ff =
        f.integer(arch + ".expert_feed_forward_length")
            .or(() -> f.integer(arch + ".feed_forward_length"))
            .orElseThrow(
                () ->
                    new GgufFormatException(
                        "metadata " + arch + ".feed_forward_length is missing"));
    boolean gated = has(f, "blk.0.ffn_gate.weight") || has(f, "blk.0.ffn_gate_exps.weight");
    return Architecture.builder()
        .name(f.string("general.name").orElse(arch))
        .vocabSize(vocab)
        .hiddenSize(hidden)
        .layers(layers)
        .attentionHeads(heads)
        .kvHeads(kvHeads)
        .headDim(headDim)
        .intermediateSize(ff)
        .mlp(gated ? MlpKind.GATED : MlpKind.PLAIN)
        .positions(has(f, "position_embd.weight") ? Positions.LEARNED : Positions.ROTARY)
        .contextLength(context)
        .tiedEmbeddings(!has(f, "output.weight"))
        .norm(has(f, "blk.0.attn_norm.bias") ? NormKind.LAYERNORM : NormKind.RMSNORM)
        .linearBiases(has(f, "blk.0.attn_output.bias"))
        .experts(experts)
        .expertsPerToken(Math.min(used, experts))
        .parallelBlock(!has(f, "blk.0.ffn_norm.weight"))
        .outputBias(has(f, "output.bias"))
        .fusedQkv(has(f, "blk.0.attn_qkv.weight"))
        .build();
  }

  private static String fileType(GgufFile f) {
    return f.integer("general.file_type").map(GgufModel::fileTypeName).orElse("unknown");
  }

  /** llama.cpp's {@code llama_ftype} numbering, as written to general.file_type. */
  static String fileTypeName(long id) {
    return switch ((int) id) {
      case 0 -> "F32";
      case 1 -> "F16";
      case 2 -> "Q4_0";
      case 3 -> "Q4_1";
      case 7 -> "Q8_0";
      case 8 -> "Q5_0";
      case 9 -> "Q5_1";
      case 10 -> "Q2_K";
      case 11 -> "Q3_K_S";
      case 12 -> "Q3_K_M";
      case 13 -> "Q3_K_L";
      case 14 -> "Q4_K_S";
      case 15 -> "Q4_K_M";
      case 16 -> "Q5_K_S";
      case 17 -> "Q5_K_M";
      case 18 -> "Q6_K";
      case 19 -> "IQ2_XXS";
      case 20 -> "IQ2_XS";
      case 21 -> "Q2_K_S";
      case 22 -> "IQ3_XS";
      case 23 -> "IQ3_XXS";
      case 24 -> "IQ1_S";
      case 25 -> "IQ4_NL";
      case 26 -> "IQ3_S";
      case 27 -> "IQ3_M";
      case 28 -> "IQ2_S";
      case 29 -> "IQ2_M";
      case 30 -> "IQ4_XS";
      case 31 -> "IQ1_M";
      case 32 -> "BF16";
      default -> "ftype " + id;
    };
  }

  static TensorShape shape(GgufTensorInfo t) {
    String n = t.name();
    Matcher m = BLOCK.matcher(n);
    int layer = m.find() ? Integer.parseInt(m.group(1)) : -1;
    return new TensorShape(
        n, t.dims(), layer, component(n), n.endsWith(".bias"), n.contains("_exps"));
  }

  static Component component(String n) {
    if (n.contains("norm")) {
      return Component.NORMS;
    }
    if (n.startsWith("token_embd")) {
      return Component.EMBEDDINGS;
    }
    if (n.startsWith("position_embd")) {
      return Component.POSITIONS;
    }
    if (n.startsWith("output")) {
      return Component.OUTPUT_HEAD;
    }
    if (n.contains(".attn_")) {
      return Component.ATTENTION;
    }
    return Component.MLP;
  }

  private static long require(GgufFile f, String key) {
    return f.integer(key)
        .orElseThrow(() -> new GgufFormatException("metadata " + key + " is missing"));
  }

  private static boolean has(GgufFile f, String name) {
    return tensor(f, name).isPresent();
  }

  private static Optional<GgufTensorInfo> tensor(GgufFile f, String name) {
    return f.tensors().stream().filter(t -> t.name().equals(name)).findFirst();
  }
}
