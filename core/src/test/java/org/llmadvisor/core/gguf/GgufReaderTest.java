package org.llmadvisor.core.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.llmadvisor.core.catalog.ModelCatalog;
import org.llmadvisor.core.memory.QuantRecipe;
import org.llmadvisor.core.memory.QuantizedTensor;
import org.llmadvisor.core.model.Architecture;
import org.llmadvisor.core.model.ParameterCount;

/** Writes GGUF headers by the layout of ggml's docs/gguf.md and reads them back. */
public class GgufReaderTest {

  /** Little-endian GGUF header writer for tests. */
  public static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Writer u32(long v) {
      return bytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array());
    }

    Writer u64(long v) {
      return bytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
    }

    Writer str(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      u64(b.length);
      return bytes(b);
    }

    Writer kvU32(String key, long v) {
      return str(key).u32(4).u32(v);
    }

    Writer kvStr(String key, String v) {
      return str(key).u32(8).str(v);
    }

    Writer kvStrArray(String key, int n) {
      str(key).u32(9).u32(8).u64(n);
      for (int i = 0; i < n; i++) {
        str("t" + i);
      }
      return this;
    }

    Writer bytes(byte[] b) {
      out.write(b, 0, b.length);
      return this;
    }

    byte[] toBytes() {
      return out.toByteArray();
    }
  }

  public static byte[] llamaFile(Architecture a, List<QuantizedTensor> tensors, int fileType) {
    Writer w = new Writer().u32(0x46554747).u32(3).u64(tensors.size()).u64(11);
    w.kvStr("general.architecture", "llama")
        .kvStr("general.name", a.name())
        .kvU32("general.file_type", fileType)
        .kvU32("llama.embedding_length", a.hiddenSize())
        .kvU32("llama.block_count", a.layers())
        .kvU32("llama.attention.head_count", a.attentionHeads())
        .kvU32("llama.attention.head_count_kv", a.kvHeads())
        .kvU32("llama.feed_forward_length", a.intermediateSize())
        .kvU32("llama.context_length", a.contextLength())
        .kvU32("llama.rope.dimension_count", a.headDim())
        .kvStrArray("tokenizer.ggml.tokens", (int) a.vocabSize());
    long offset = 0;
    for (QuantizedTensor t : tensors) {
      w.str(t.shape().name()).u32(t.shape().dims().size());
      t.shape().dims().forEach(w::u64);
      w.u32(t.type().id()).u64(offset);
      offset += (t.bytes() + 31) / 32 * 32;
    }
    return w.toBytes();
  }

  @Test
  void should_read_architecture_and_exact_tensor_sizes_from_a_header() {
    Architecture tiny = ModelCatalog.bundled().find("tinyllama-1.1b").orElseThrow().architecture();
    List<QuantizedTensor> written = QuantRecipe.Q4_K_M.apply(tiny);
    GgufFile f = GgufReader.read(new ByteArrayInputStream(llamaFile(tiny, written, 15)));
    GgufModel m = GgufModel.of(f);

    assertThat(m.fileType()).isEqualTo("Q4_K_M");
    Architecture read = m.architecture();
    assertThat(read.layers()).isEqualTo(22);
    assertThat(read.kvHeads()).isEqualTo(4);
    assertThat(read.vocabSize()).isEqualTo(32000);
    assertThat(read.tiedEmbeddings()).isFalse();
    // The header carries the shape it was written from; TinyLlama's count itself is checked
    // against a closed form in ParameterCountTest.
    assertThat(ParameterCount.of(read).total()).isEqualTo(ParameterCount.of(tiny).total());
    assertThat(f.tensorBytes()).isEqualTo(written.stream().mapToLong(QuantizedTensor::bytes).sum());
    assertThat(m.tensors())
        .extracting(QuantizedTensor::type)
        .containsExactlyElementsOf(written.stream().map(QuantizedTensor::type).toList());
  }

  @Test
  void should_reject_a_file_that_is_not_gguf() {
    assertThatThrownBy(
            () ->
                GgufReader.read(
                    new ByteArrayInputStream("PK\3\4 zip".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(GgufFormatException.class)
        .hasMessageContaining("not a GGUF file");
  }

  @Test
  void should_reject_a_truncated_header() {
    Architecture tiny = ModelCatalog.bundled().find("tinyllama-1.1b").orElseThrow().architecture();
    byte[] whole = llamaFile(tiny, QuantRecipe.Q4_0.apply(tiny), 2);
    byte[] cut = Arrays.copyOf(whole, whole.length / 2);
    assertThatThrownBy(() -> GgufReader.read(new ByteArrayInputStream(cut)))
        .isInstanceOf(GgufFormatException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void should_reject_absurd_counts_instead_of_allocating_them() {
    byte[] b = new Writer().u32(0x46554747).u32(3).u64(Long.MAX_VALUE).u64(0).toBytes();
    assertThatThrownBy(() -> GgufReader.read(new ByteArrayInputStream(b)))
        .isInstanceOf(GgufFormatException.class)
        .hasMessageContaining("tensor count");
    byte[] s = new Writer().u32(0x46554747).u32(3).u64(0).u64(1).u64(1L << 40).toBytes();
    assertThatThrownBy(() -> GgufReader.read(new ByteArrayInputStream(s)))
        .isInstanceOf(GgufFormatException.class);
  }

  @Test
  void should_reject_an_unknown_tensor_type() {
    byte[] b =
        new Writer()
            .u32(0x46554747)
            .u32(3)
            .u64(1)
            .u64(0)
            .str("x")
            .u32(2)
            .u64(32)
            .u64(2)
            .u32(99)
            .u64(0)
            .toBytes();
    assertThatThrownBy(() -> GgufReader.read(new ByteArrayInputStream(b)))
        .isInstanceOf(GgufFormatException.class)
        .hasMessageContaining("unknown ggml type 99");
  }
}
