package org.llmadvisor.core.memory;

import static org.llmadvisor.core.model.GgmlType.*;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.llmadvisor.core.model.Architecture;
import org.llmadvisor.core.model.GgmlType;
import org.llmadvisor.core.model.MlpKind;
import org.llmadvisor.core.model.Positions;
import org.llmadvisor.core.model.TensorLayout;
import org.llmadvisor.core.model.TensorShape;

/**
 * The named quantization recipes users pick ("Q4_K_M"), i.e. llama.cpp's {@code llama_ftype}. A
 * recipe has a base type, but llama.cpp's quantizer ({@code src/llama-quant.cpp}, {@code
 * llama_tensor_get_type}) keeps some tensors at a higher type: the output head at Q6_K, and for the
 * {@code _M} recipes half the layers' attn_v and ffn_down (chosen by {@code use_more_bits}) at
 * Q6_K. This class applies those rules tensor by tensor, so file sizes come out as llama.cpp writes
 * them. Rules are those without an importance matrix.
 */
public enum QuantRecipe {
  F32(GgmlType.F32),
  F16(GgmlType.F16),
  BF16(GgmlType.BF16),
  Q8_0(GgmlType.Q8_0),
  Q6_K(GgmlType.Q6_K),
  Q5_K_M(GgmlType.Q5_K),
  Q5_K_S(GgmlType.Q5_K),
  Q5_1(GgmlType.Q5_1),
  Q5_0(GgmlType.Q5_0),
  Q4_K_M(GgmlType.Q4_K),
  Q4_K_S(GgmlType.Q4_K),
  Q4_1(GgmlType.Q4_1),
  Q4_0(GgmlType.Q4_0),
  IQ4_NL(GgmlType.IQ4_NL),
  IQ4_XS(GgmlType.IQ4_XS),
  Q3_K_L(GgmlType.Q3_K),
  Q3_K_M(GgmlType.Q3_K),
  Q3_K_S(GgmlType.Q3_K),
  IQ3_M(GgmlType.IQ3_S),
  IQ3_S(GgmlType.IQ3_S),
  IQ3_XS(GgmlType.IQ3_S),
  IQ3_XXS(GgmlType.IQ3_XXS),
  Q2_K(GgmlType.Q2_K),
  Q2_K_S(GgmlType.Q2_K),
  IQ2_M(GgmlType.IQ2_S),
  IQ2_S(GgmlType.IQ2_XS),
  IQ2_XS(GgmlType.IQ2_XS),
  IQ2_XXS(GgmlType.IQ2_XXS),
  IQ1_M(GgmlType.IQ1_M),
  IQ1_S(GgmlType.IQ1_S);

  private static final Set<QuantRecipe> VERY_LOW_BIT =
      EnumSet.of(IQ2_XXS, IQ2_XS, IQ1_S, IQ2_S, IQ2_M, IQ1_M);
  private static final Set<QuantRecipe> OUTPUT_Q5_K =
      EnumSet.of(IQ2_XXS, IQ2_XS, IQ3_XXS, IQ1_S, IQ2_S, IQ2_M, IQ1_M);
  private static final Set<QuantRecipe> MOE8_ATTN_OUT_Q5_K =
      EnumSet.of(
          Q2_K, IQ3_XS, IQ3_XXS, Q3_K_S, Q3_K_M, IQ4_NL, Q4_K_S, Q4_K_M, IQ3_S, IQ3_M, IQ4_XS);

  /**
   * One recipe per step of size, from 16 bits down to 2, as Ollama's library tags its models: the
   * ladder a person compares a model on before choosing a tag.
   */
  private static final Set<QuantRecipe> COMMON =
      EnumSet.of(F16, Q8_0, Q6_K, Q5_K_M, Q4_K_M, Q4_0, Q3_K_M, Q2_K);

  private final GgmlType base;

  QuantRecipe(GgmlType base) {
    this.base = base;
  }

  public GgmlType base() {
    return base;
  }

  /** Whether the recipe is on the ladder of sizes a model is usually offered at. */
  public boolean common() {
    return COMMON.contains(this);
  }

  public static Optional<QuantRecipe> parse(String s) {
    if (s == null) {
      return Optional.empty();
    }
    String n = s.trim().toUpperCase(Locale.ROOT);
    for (QuantRecipe r : values()) {
      if (r.name().equals(n)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /** Every tensor of the architecture with the type this recipe gives it today. */
  public List<QuantizedTensor> apply(Architecture a) {
    return apply(a, RecipeRevision.latest());
  }

  /**
   * Every tensor of the architecture with the type this recipe gave it in {@code revision}: a file
   * quantized then is sized as it was written.
   */
  public List<QuantizedTensor> apply(Architecture a, RecipeRevision revision) {
    List<TensorShape> shapes = TensorLayout.of(a);
    Model m = new Model(a);
    List<QuantizedTensor> out = new ArrayList<>(shapes.size());
    for (TensorShape t : shapes) {
      out.add(new QuantizedTensor(t, typeFor(t, m, revision)));
    }
    return out;
  }

  /** What the quantizer needs to know of the whole model. */
  private record Model(int layers, int gqa, int experts, boolean is70B, boolean tied) {
    Model(Architecture a) {
      this(
          a.layers(),
          a.groupSize(),
          a.isMixtureOfExperts() ? a.experts() : 0,
          a.layers() == 80
              && a.attentionHeads() != a.kvHeads()
              && a.mlp() == MlpKind.GATED
              && a.positions() == Positions.ROTARY,
          a.tiedEmbeddings());
    }
  }

  private enum Category {
    OUTPUT,
    TOKEN_EMBD,
    QKV,
    V,
    K,
    Q,
    ATTN_OUT,
    UP,
    GATE,
    DOWN,
    OTHER
  }

  GgmlType typeFor(TensorShape t, Model m, RecipeRevision revision) {
    // 1-D tensors (norms, biases) and the MoE router keep the converter's F32.
    if (t.isOneDimensional() || t.dims().size() < 2 || t.name().contains("ffn_gate_inp")) {
      return GgmlType.F32;
    }
    if (t.name().startsWith("position_embd")) {
      return base == GgmlType.F32 ? GgmlType.F32 : GgmlType.F16;
    }
    if (!isQuantized(base)) {
      return base;
    }
    GgmlType chosen = rules(t, m, category(t.name()), revision);
    return fallback(t.rowLength(), chosen);
  }

  private static boolean isQuantized(GgmlType t) {
    return t != GgmlType.F32 && t != GgmlType.F16 && t != GgmlType.BF16;
  }

  private static Category category(String n) {
    if (n.equals("output.weight")) {
      return Category.OUTPUT;
    }
    if (n.equals("token_embd.weight")) {
      return Category.TOKEN_EMBD;
    }
    if (n.contains("attn_qkv.weight")) {
      return Category.QKV;
    }
    if (n.contains("attn_v.weight")) {
      return Category.V;
    }
    if (n.contains("attn_k.weight")) {
      return Category.K;
    }
    if (n.contains("attn_q.weight")) {
      return Category.Q;
    }
    if (n.contains("attn_output.weight")) {
      return Category.ATTN_OUT;
    }
    if (n.contains("ffn_up")) {
      return Category.UP;
    }
    if (n.contains("ffn_gate")) {
      return Category.GATE;
    }
    if (n.contains("ffn_down")) {
      return Category.DOWN;
    }
    return Category.OTHER;
  }

  /** llama.cpp's {@code use_more_bits}: the first and last eighth, and every third in between. */
  static boolean useMoreBits(int i, int n) {
    return i < n / 8 || i >= 7 * n / 8 || (i - n / 8) % 3 == 2;
  }

  /** The tensor kind a revision names: "attn_v", "ffn_gate", ... */
  private static String kind(Category c) {
    return switch (c) {
      case QKV -> "attn_qkv";
      case V -> "attn_v";
      case K -> "attn_k";
      case Q -> "attn_q";
      case ATTN_OUT -> "attn_output";
      case UP -> "ffn_up";
      case GATE -> "ffn_gate";
      case DOWN -> "ffn_down";
      case OUTPUT -> "output";
      case TOKEN_EMBD -> "token_embd";
      case OTHER -> "other";
    };
  }

  private GgmlType rules(TensorShape t, Model m, Category c, RecipeRevision revision) {
    GgmlType T = base;
    int i = Math.max(t.layer(), 0);
    int n = m.layers();
    boolean attnV = c == Category.V || c == Category.QKV;
    if (c == Category.OUTPUT || (m.tied() && c == Category.TOKEN_EMBD)) {
      if (t.rowLength() % T.blockElements() != 0) {
        return GgmlType.Q8_0;
      }
      if (OUTPUT_Q5_K.contains(this)) {
        return Q5_K;
      }
      return T == GgmlType.Q8_0 ? T : GgmlType.Q6_K;
    }
    if (c == Category.TOKEN_EMBD) {
      if (EnumSet.of(IQ2_XXS, IQ2_XS, IQ1_S, IQ1_M).contains(this)) {
        return GgmlType.Q2_K;
      }
      if (EnumSet.of(IQ2_S, IQ2_M, IQ3_XXS).contains(this)) {
        return GgmlType.IQ3_S;
      }
      return T;
    }
    if (VERY_LOW_BIT.contains(this)) {
      boolean ivS = this == IQ2_S || this == IQ2_M;
      if (attnV) {
        return m.gqa() >= 4 || m.experts() >= 4 ? Q4_K : ivS ? GgmlType.IQ3_S : GgmlType.Q2_K;
      }
      if (m.experts() == 8 && c == Category.K) {
        return Q4_K;
      }
      if (c == Category.DOWN) {
        return i < n / 8 ? (ivS ? GgmlType.IQ3_S : GgmlType.Q2_K) : T;
      }
      if (c == Category.ATTN_OUT) {
        if (m.experts() == 8) {
          return Q5_K;
        }
        if (this == IQ1_S || this == IQ1_M) {
          return GgmlType.IQ2_XXS;
        }
        if (ivS) {
          return GgmlType.IQ3_S;
        }
      }
      return T;
    }
    if (attnV) {
      boolean g4 = m.gqa() >= 4;
      switch (this) {
        case Q2_K -> T = g4 ? Q4_K : Q3_K;
        case Q2_K_S -> T = g4 ? Q4_K : T;
        case IQ3_XXS -> T = g4 ? Q4_K : GgmlType.IQ3_S;
        case IQ3_XS, IQ3_S -> T = g4 ? Q4_K : T;
        case IQ3_M -> T = Q4_K;
        case Q3_K_M -> T = i < 2 ? Q5_K : Q4_K;
        case Q3_K_L -> T = Q5_K;
        case IQ4_NL, IQ4_XS -> T = g4 ? Q5_K : T;
        case Q4_K_M, Q5_K_M -> T = useMoreBits(i, n) ? GgmlType.Q6_K : T;
        case Q4_K_S -> T = i < 4 ? Q5_K : T;
        default -> {}
      }
      T = revision.type(this, kind(c), i).orElse(T);
      // 70B: attn_v is 8x smaller than attn_q under GQA, so extra bits cost almost nothing
      if (revision.attnV70b() && m.is70B() && (T == Q3_K || T == Q4_K)) {
        T = Q5_K;
      }
      if (m.experts() == 8) {
        T = GgmlType.Q8_0;
      }
      return T;
    }
    Optional<GgmlType> then = revision.type(this, kind(c), i);
    if (then.isPresent()) {
      return then.get();
    }
    if (c == Category.K) {
      if (m.experts() == 8) {
        return GgmlType.Q8_0;
      }
      return this == IQ3_XS ? GgmlType.IQ3_XXS : this == IQ3_XXS ? GgmlType.IQ2_S : T;
    }
    if (c == Category.Q) {
      return this == IQ3_XS ? GgmlType.IQ3_XXS : this == IQ3_XXS ? GgmlType.IQ2_S : T;
    }
    if (c == Category.DOWN) {
      return switch (this) {
        case Q2_K -> Q3_K;
        case Q2_K_S -> i < n / 8 ? Q4_K : T;
        case IQ3_XXS -> i < n / 8 ? Q4_K : Q3_K;
        case Q3_K_M -> i < n / 16 ? Q5_K : Q4_K;
        case IQ3_M -> i < n / 8 || (m.experts() == 8 && useMoreBits(i, n)) ? Q4_K : T;
        case Q3_K_L -> Q5_K;
        case Q4_K_M, Q5_K_M -> useMoreBits(i, n) ? GgmlType.Q6_K : T;
        case IQ4_NL, IQ4_XS, Q4_K_S -> i < n / 8 ? Q5_K : T;
        default -> T;
      };
    }
    if (c == Category.ATTN_OUT) {
      if (m.experts() == 8) {
        return MOE8_ATTN_OUT_Q5_K.contains(this) ? Q5_K : T;
      }
      return switch (this) {
        case Q2_K -> Q3_K;
        case IQ3_XXS -> GgmlType.IQ3_S;
        case Q3_K_M, IQ3_M -> Q4_K;
        case Q3_K_L -> Q5_K;
        default -> T;
      };
    }
    if ((c == Category.GATE || c == Category.UP) && this == IQ3_XS) {
      return i >= n / 8 && i < 7 * n / 8 ? GgmlType.IQ3_XXS : T;
    }
    return T;
  }

  /** A row that is not a whole number of blocks falls back as llama.cpp's quantizer does. */
  static GgmlType fallback(long rowLength, GgmlType t) {
    if (rowLength % t.blockElements() == 0) {
      return t;
    }
    GgmlType f =
        switch (t) {
          case IQ1_S, IQ1_M, IQ2_XXS, IQ2_XS, IQ2_S, IQ3_XXS, IQ3_S, IQ4_XS -> GgmlType.IQ4_NL;
          case Q2_K, Q3_K, TQ1_0, TQ2_0 -> GgmlType.Q4_0;
          case Q4_K -> GgmlType.Q5_0;
          case Q5_K -> GgmlType.Q5_1;
          case Q6_K -> GgmlType.Q8_0;
          default -> GgmlType.F16;
        };
    return rowLength % f.blockElements() == 0 ? f : GgmlType.F16;
  }
}
