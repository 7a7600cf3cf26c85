package org.llmadvisor.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.llmadvisor.core.catalog.ModelCatalog;
import org.llmadvisor.core.gguf.GgufFormatException;
import org.llmadvisor.core.gguf.GgufModel;
import org.llmadvisor.core.gguf.GgufReader;
import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.core.memory.KvCacheType;
import org.llmadvisor.core.memory.QuantRecipe;
import org.llmadvisor.core.memory.QuantizedTensor;
import org.llmadvisor.core.model.Architecture;
import org.llmadvisor.core.model.ArchitectureException;
import org.llmadvisor.core.model.ArchitectureJson;
import org.llmadvisor.core.model.HuggingFaceConfig;
import org.llmadvisor.core.model.MlpKind;
import org.llmadvisor.core.model.ParameterCount;
import org.llmadvisor.core.model.Positions;
import org.llmadvisor.core.sizing.Sizer;
import org.llmadvisor.core.sizing.Sizing;
import org.llmadvisor.core.sizing.SizingRequest;
import org.llmadvisor.core.speed.SpeedEstimate;
import org.llmadvisor.core.units.ByteSize;

/**
 * Seeded mutation fuzzing of everything that parses untrusted input: GGUF headers, config.json,
 * architecture JSON, and the models run on whatever parses. The only failures allowed are the
 * documented ones (a format or argument error naming the problem); no other exception, no hang (a
 * timeout per test), and whatever is accepted must size sanely: a parameter count inside bounds
 * computed here from the architecture's own fields, memory and speed positive and finite.
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

  /**
   * Proves a mutated GGUF header is either refused with a documented error or read into a model
   * whose tensors and parameter count are sane, within the time limit (about 16 s when written, on
   * a shared two-core machine).
   */
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void should_reject_mutated_gguf_headers_with_format_errors_or_read_them_sanely() {
    Architecture tiny = ModelCatalog.bundled().find("tinyllama-1.1b").orElseThrow().architecture();
    byte[] seed =
        org.llmadvisor.core.gguf.GgufReaderTest.llamaFile(
            tiny.withLayers(2), QuantRecipe.Q4_K_M.apply(tiny.withLayers(2)), 15);
    Random rnd = new Random(7);
    int parsed = 0;
    for (int i = 0; i < ROUNDS; i++) {
      byte[] input = mutate(seed, rnd);
      GgufModel m;
      try {
        m = GgufModel.of(GgufReader.read(new ByteArrayInputStream(input)));
      } catch (GgufFormatException | ArchitectureException | UncheckedIOException expected) {
        continue; // a documented refusal
      }
      parsed++;
      for (QuantizedTensor t : m.tensors()) {
        // No ggml type stores fewer than 1.5 bits a weight (IQ1_S is 1.5625) or more than 64.
        assertThat((double) t.bytes())
            .as("bytes of %s", t)
            .isBetween(t.shape().elements() * 1.5 / 8, t.shape().elements() * 8.0);
      }
      if (plausible(m.architecture())) {
        checkCount(m.architecture(), ParameterCount.of(m.architecture()));
      }
    }
    System.out.printf("GGUF fuzz: %,d mutated headers, %,d still parsed%n", ROUNDS, parsed);
    assertThat(parsed).isLessThan(ROUNDS);
  }

  /**
   * Proves a mutated config.json or architecture JSON is either refused with a field error or sized
   * sanely: parameter count within independent bounds, weights between 4 and 32 bits a parameter at
   * Q4_0, positive finite speeds, within the time limit (about 1 s when written).
   */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void should_reject_mutated_configs_with_field_errors_or_size_them_sanely() {
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
    int sized = 0;
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
      if (plausible(a)) {
        Sizing s;
        try {
          s =
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
          continue; // e.g. a row that is not a whole number of blocks
        }
        sized++;
        checkSizing(a, s);
      }
    }
    System.out.printf(
        "config fuzz: %,d mutated configs, %,d parsed, %,d sized and checked%n",
        ROUNDS, parsed, sized);
    assertThat(sized).isPositive();
  }

  /** Shapes the sizing check runs on: larger ones are refused by the API before sizing. */
  private static boolean plausible(Architecture a) {
    return a.layers() <= 256
        && a.hiddenSize() <= 16384
        && a.vocabSize() <= 300_000
        && a.intermediateSize() <= 1L << 17
        && a.headDim() <= 1024
        && a.attentionHeads() <= 256
        && a.experts() <= 256
        && a.contextLength() <= 1L << 22;
  }

  /**
   * The count lies between the matrices every such model has and those matrices plus a generous
   * allowance for its vectors (norms, biases), both written out here from the architecture's fields
   * rather than from the tensor layout.
   */
  private static void checkCount(Architecture a, ParameterCount p) {
    double d = a.hiddenSize();
    double q = a.queryWidth();
    double kv = a.kvWidth();
    double ff = a.intermediateSize();
    double e = a.experts();
    double mlp = (a.mlp() == MlpKind.GATED ? 3 : 2) * d * ff * e + (e > 1 ? d * e : 0);
    double matrices =
        a.vocabSize() * d * (a.tiedEmbeddings() ? 1 : 2)
            + a.layers() * (2 * d * q + 2 * d * kv + mlp)
            + (a.positions() == Positions.LEARNED ? a.contextLength() * d : 0);
    double vectors =
        a.layers() * (8 * d + 2 * q + 2 * kv + e * (2 * ff + 2 * d + 1))
            + 4 * d
            + 2 * a.vocabSize();
    assertThat((double) p.total())
        .as("parameters of %s", a)
        .isBetween(matrices, matrices + vectors);
    assertThat(p.activePerToken())
        .as("active of %s", a)
        .isPositive()
        .isLessThanOrEqualTo(p.total());
  }

  private static void checkSizing(Architecture a, Sizing s) {
    checkCount(a, s.parameters());
    double params = s.parameters().total();
    // Q4_0 stores 4.5 bits a weight; its fallbacks (Q8_0, F16) and F32 norms store more, up to 32.
    assertThat((double) s.memory().weights().bytes())
        .as("weight bytes of %s", a)
        .isBetween(params * 4 / 8, params * 4.0);
    assertThat(s.memory().kvCache().bytes()).isPositive();
    assertThat(s.memory().total().bytes()).isGreaterThan(s.memory().weights().bytes());
    SpeedEstimate v = s.speed();
    assertThat(v.generationTokensPerSecond()).as("tg of %s", a).isPositive().isFinite();
    assertThat(v.promptTokensPerSecond()).as("pp of %s", a).isPositive().isFinite();
    assertThat(v.totalLatencyMs()).isGreaterThanOrEqualTo(v.timeToFirstTokenMs()).isFinite();
  }
}
