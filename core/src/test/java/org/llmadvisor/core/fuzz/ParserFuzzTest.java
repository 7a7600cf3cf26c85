package org.llmadvisor.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.llmadvisor.core.catalog.Hardware;
import org.llmadvisor.core.catalog.ModelCatalog;
import org.llmadvisor.core.gguf.GgufFormatException;
import org.llmadvisor.core.gguf.GgufModel;
import org.llmadvisor.core.gguf.GgufReader;
import org.llmadvisor.core.memory.KvCacheType;
import org.llmadvisor.core.memory.QuantRecipe;
import org.llmadvisor.core.model.Architecture;
import org.llmadvisor.core.model.ArchitectureException;
import org.llmadvisor.core.model.ArchitectureJson;
import org.llmadvisor.core.model.HuggingFaceConfig;
import org.llmadvisor.core.sizing.Sizer;
import org.llmadvisor.core.sizing.SizingRequest;
import org.llmadvisor.core.units.ByteSize;

/**
 * Seeded mutation fuzzing of everything that parses untrusted input: GGUF headers, config.json,
 * architecture JSON, and the models run on whatever parses. The only failures allowed are the
 * documented ones (a format or argument error naming the problem); no other exception, no hang.
 */
class ParserFuzzTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ROUNDS = 20_000;

  private static byte[] mutate(byte[] seed, Random rnd) {
    byte[] b = Arrays.copyOf(seed, seed.length);
    int edits = 1 + rnd.nextInt(8);
    for (int i = 0; i < edits; i++) {
      switch (rnd.nextInt(4)) {
        case 0 -> b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
        case 1 -> b = Arrays.copyOf(b, Math.max(1, rnd.nextInt(b.length)));
        case 2 -> {
          int at = rnd.nextInt(Math.max(1, b.length - 8));
          long big = rnd.nextBoolean() ? Long.MAX_VALUE : -1L;
          for (int k = 0; k < 8 && at + k < b.length; k++) {
            b[at + k] = (byte) (big >>> (8 * k));
          }
        }
        default -> b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
      }
    }
    return b;
  }

  @Test
  void should_reject_mutated_gguf_headers_only_with_format_errors() throws Exception {
    Architecture tiny = ModelCatalog.bundled().find("tinyllama-1.1b").orElseThrow().architecture();
    byte[] seed =
        org.llmadvisor.core.gguf.GgufReaderTest.llamaFile(
            tiny.withLayers(2), QuantRecipe.Q4_K_M.apply(tiny.withLayers(2)), 15);
    Random rnd = new Random(7);
    int parsed = 0;
    for (int i = 0; i < ROUNDS; i++) {
      byte[] input = mutate(seed, rnd);
      try {
        GgufModel.of(GgufReader.read(new ByteArrayInputStream(input)));
        parsed++;
      } catch (GgufFormatException | ArchitectureException | UncheckedIOException expected) {
        // a documented refusal
      }
    }
    System.out.printf("GGUF fuzz: %,d mutated headers, %,d still parsed%n", ROUNDS, parsed);
    assertThat(parsed).isLessThan(ROUNDS);
  }

  @Test
  void should_reject_mutated_configs_only_with_field_errors_and_size_whatever_parses() {
    String[] seeds = {
      "{\"model_type\":\"llama\",\"hidden_size\":4096,\"intermediate_size\":11008,\"num_attention_heads\":32,\"num_hidden_layers\":32,\"num_key_value_heads\":32,\"vocab_size\":32000,\"max_position_embeddings\":4096}",
      "{\"model_type\":\"gpt2\",\"n_embd\":768,\"n_head\":12,\"n_layer\":12,\"n_positions\":1024,\"vocab_size\":50257}",
      "{\"vocabSize\":32000,\"hiddenSize\":4096,\"layers\":32,\"attentionHeads\":32,\"kvHeads\":8,\"intermediateSize\":14336,\"experts\":8,\"expertsPerToken\":2}"
    };
    Random rnd = new Random(11);
    Sizer sizer = Sizer.bundled();
    Hardware gpu =
        new Hardware(
            "f",
            "fuzz gpu",
            Hardware.Kind.GPU,
            ByteSize.ofGiB(24),
            1000,
            Optional.of(100.0),
            Optional.of(50.0),
            90,
            Optional.empty(),
            "test",
            null);
    int parsed = 0;
    for (int i = 0; i < ROUNDS; i++) {
      String seed = seeds[i % seeds.length];
      String input = new String(mutate(seed.getBytes(), rnd));
      Architecture a;
      try {
        var node = JSON.readTree(input);
        a =
            i % seeds.length == 2
                ? ArchitectureJson.read(node, "model.")
                : HuggingFaceConfig.parse(node);
      } catch (com.fasterxml.jackson.core.JsonProcessingException
          | IllegalArgumentException expected) {
        continue;
      }
      parsed++;
      if (a.layers() <= 256 && a.hiddenSize() <= 16384 && a.vocabSize() <= 300_000) {
        try {
          sizer.size(
              new SizingRequest(
                  a,
                  "Q4_0",
                  QuantRecipe.Q4_0.apply(a),
                  1 + rnd.nextInt(8192),
                  1 + rnd.nextInt(4),
                  KvCacheType.F16,
                  gpu,
                  rnd.nextInt(2048),
                  1 + rnd.nextInt(512)));
        } catch (IllegalArgumentException expected) {
          // e.g. a row that is not a whole number of blocks
        }
      }
    }
    System.out.printf(
        "config fuzz: %,d mutated configs, %,d parsed and were sized%n", ROUNDS, parsed);
    assertThat(parsed).isPositive();
  }
}
