package org.llmadvisor.providers.ollama;

import java.util.Map;
import java.util.Optional;
import org.llmadvisor.core.model.Architecture;
import org.llmadvisor.core.model.MlpKind;
import org.llmadvisor.core.model.NormKind;
import org.llmadvisor.core.model.Positions;

/**
 * Maps the {@code model_info} of Ollama's {@code /api/show} (the GGUF metadata keys, such as {@code
 * llama.block_count}) onto a core architecture, so the advisor can size the exact model a user has
 * pulled. Only the llama family (Llama, Mistral, Mixtral) is mapped; others return empty rather
 * than a guess.
 */
final class OllamaArchitecture {

  private OllamaArchitecture() {}

  static Optional<Architecture> of(Map<String, Object> info, String name) {
    Object archName = info.get("general.architecture");
    if (!"llama".equals(archName)) {
      return Optional.empty();
    }
    String a = "llama";
    Optional<Long> hidden = number(info, a + ".embedding_length");
    Optional<Long> layers = number(info, a + ".block_count");
    Optional<Long> heads = number(info, a + ".attention.head_count");
    Optional<Long> ff = number(info, a + ".feed_forward_length");
    Optional<Long> vocab = number(info, a + ".vocab_size").or(() -> vocabFromTokens(info));
    if (hidden.isEmpty()
        || layers.isEmpty()
        || heads.isEmpty()
        || ff.isEmpty()
        || vocab.isEmpty()) {
      return Optional.empty();
    }
    int experts =
        number(info, a + ".expert_count").map(Long::intValue).filter(e -> e > 0).orElse(1);
    return Optional.of(
        Architecture.builder()
            .name(name)
            .vocabSize(vocab.get())
            .hiddenSize(hidden.get())
            .layers(layers.get().intValue())
            .attentionHeads(heads.get().intValue())
            .kvHeads(
                number(info, a + ".attention.head_count_kv")
                    .map(Long::intValue)
                    .orElse(heads.get().intValue()))
            .headDim(number(info, a + ".attention.key_length").orElse(null))
            .intermediateSize(ff.get())
            .mlp(MlpKind.GATED)
            .positions(Positions.ROTARY)
            .contextLength(contextLength(info).orElse(4096L))
            .norm(NormKind.RMSNORM)
            .experts(experts)
            .expertsPerToken(
                number(info, a + ".expert_used_count")
                    .map(Long::intValue)
                    .filter(e -> e > 0)
                    .orElse(1))
            .build());
  }

  static Optional<Long> contextLength(Map<String, Object> info) {
    Object arch = info.get("general.architecture");
    return arch == null ? Optional.empty() : number(info, arch + ".context_length");
  }

  static Optional<Long> number(Map<String, Object> info, String key) {
    return info.get(key) instanceof Number n ? Optional.of(n.longValue()) : Optional.empty();
  }

  private static Optional<Long> vocabFromTokens(Map<String, Object> info) {
    return info.get("tokenizer.ggml.tokens") instanceof java.util.List<?> l && !l.isEmpty()
        ? Optional.of((long) l.size())
        : Optional.empty();
  }
}
