package org.llmadvisor.core.model;

/**
 * The shape of a decoder-only transformer: everything needed to count its parameters exactly and to
 * lay out its tensors as llama.cpp stores them.
 *
 * @param name display name
 * @param vocabSize rows of the token embedding (padded vocabulary where the model pads it)
 * @param hiddenSize model width (d_model)
 * @param layers transformer blocks
 * @param attentionHeads query heads
 * @param kvHeads key/value heads; fewer than {@code attentionHeads} means grouped-query attention
 * @param headDim size of one head; queries project to {@code attentionHeads × headDim}
 * @param intermediateSize feed-forward width (of one expert for mixture-of-experts)
 * @param mlp gated (three matrices) or plain (two)
 * @param positions learned table or rotary
 * @param contextLength trained context; sizes the learned position table
 * @param tiedEmbeddings output head shares the token embedding matrix
 * @param norm LayerNorm (weight and bias) or RMSNorm (weight)
 * @param linearBiases every linear projection inside the blocks has a bias
 * @param experts feed-forward experts per layer; 1 for a dense model
 * @param expertsPerToken experts a token is routed to; 1 for a dense model
 * @param parallelBlock attention and MLP read one shared norm (GPT-J, Phi-2) instead of two
 * @param outputBias the output head has a bias vector (Phi-2)
 * @param fusedQkv llama.cpp stores Q, K and V as one tensor (GPT-2 family); no effect on counts
 * @param qkvBias the query, key and value projections have biases and nothing else does (Qwen 2)
 * @param qkNorm a norm scale of one head's width on the queries and on the keys (Qwen 3, Gemma 3)
 * @param postNorms a norm after attention and after the MLP as well as before (Gemma 2 and 3)
 * @param slidingWindow tokens a local layer attends to; 0 when every layer attends to the whole
 *     context. A local layer's KV cache holds no more than this per sequence.
 * @param globalEvery with a sliding window, every n-th layer (the last of each n) attends to the
 *     whole context and the others are local; 0 when all layers are local
 * @param sharedExpertSize feed-forward width of an expert every token passes through besides the
 *     routed ones (Llama 4); 0 for none
 * @param expertType the storage type the experts' weights are published in and kept in by every
 *     recipe (gpt-oss's MXFP4); null when the recipe decides
 * @param attentionSinks one learned logit per head and layer (gpt-oss)
 */
public record Architecture(
    String name,
    long vocabSize,
    long hiddenSize,
    int layers,
    int attentionHeads,
    int kvHeads,
    long headDim,
    long intermediateSize,
    MlpKind mlp,
    Positions positions,
    long contextLength,
    boolean tiedEmbeddings,
    NormKind norm,
    boolean linearBiases,
    int experts,
    int expertsPerToken,
    boolean parallelBlock,
    boolean outputBias,
    boolean fusedQkv,
    boolean qkvBias,
    boolean qkNorm,
    boolean postNorms,
    long slidingWindow,
    int globalEvery,
    long sharedExpertSize,
    GgmlType expertType,
    boolean attentionSinks) {

  public Architecture {
    requirePositive("vocabSize", vocabSize);
    requirePositive("hiddenSize", hiddenSize);
    requirePositive("layers", layers);
    requirePositive("attentionHeads", attentionHeads);
    requirePositive("kvHeads", kvHeads);
    requirePositive("headDim", headDim);
    requirePositive("intermediateSize", intermediateSize);
    requirePositive("contextLength", contextLength);
    requirePositive("experts", experts);
    requirePositive("expertsPerToken", expertsPerToken);
    requireAtMost("vocabSize", vocabSize, 4_194_304);
    requireAtMost("hiddenSize", hiddenSize, 262_144);
    requireAtMost("layers", layers, 4096);
    requireAtMost("attentionHeads", attentionHeads, 4096);
    requireAtMost("headDim", headDim, 65_536);
    requireAtMost("intermediateSize", intermediateSize, 4_194_304);
    requireAtMost("contextLength", contextLength, 134_217_728);
    requireAtMost("experts", experts, 1024);
    requireAtLeastZero("slidingWindow", slidingWindow);
    requireAtLeastZero("globalEvery", globalEvery);
    requireAtLeastZero("sharedExpertSize", sharedExpertSize);
    requireAtMost("slidingWindow", slidingWindow, 134_217_728);
    requireAtMost("globalEvery", globalEvery, 4096);
    requireAtMost("sharedExpertSize", sharedExpertSize, 4_194_304);
    if (sharedExpertSize > 0 && experts == 1) {
      throw new ArchitectureException(
          "sharedExpertSize", "needs experts > 1, was " + sharedExpertSize);
    }
    if (expertType != null && experts == 1) {
      throw new ArchitectureException("expertType", "needs experts > 1, was " + expertType);
    }
    if (kvHeads > attentionHeads) {
      throw new ArchitectureException(
          "kvHeads", "must be <= attentionHeads (" + attentionHeads + "), was " + kvHeads);
    }
    if (attentionHeads % kvHeads != 0) {
      throw new ArchitectureException(
          "kvHeads", "must divide attentionHeads (" + attentionHeads + "), was " + kvHeads);
    }
    if (expertsPerToken > experts) {
      throw new ArchitectureException(
          "expertsPerToken", "must be <= experts (" + experts + "), was " + expertsPerToken);
    }
    if (mlp == null) {
      throw new ArchitectureException("mlp", "is required");
    }
    if (positions == null) {
      throw new ArchitectureException("positions", "is required");
    }
    if (norm == null) {
      throw new ArchitectureException("norm", "is required");
    }
    if (name == null || name.isBlank()) {
      name = "custom";
    }
  }

  // Limits far above any published model keep every product of dimensions inside a long.
  private static void requireAtMost(String field, long value, long max) {
    if (value > max) {
      throw new ArchitectureException(field, "must be <= " + max + ", was " + value);
    }
  }

  private static void requireAtLeastZero(String field, long value) {
    if (value < 0) {
      throw new ArchitectureException(field, "must be >= 0, was " + value);
    }
  }

  private static void requirePositive(String field, long value) {
    if (value <= 0) {
      throw new ArchitectureException(field, "must be > 0, was " + value);
    }
  }

  /** Width of the key (and value) projection: kvHeads × headDim. */
  public long kvWidth() {
    return (long) kvHeads * headDim;
  }

  /** Width of the query projection: attentionHeads × headDim. */
  public long queryWidth() {
    return (long) attentionHeads * headDim;
  }

  /**
   * Whether layer {@code i} attends only to the last {@link #slidingWindow} tokens: with a window,
   * all layers but every {@link #globalEvery}-th (Gemma 2 alternates, Gemma 3 has five local layers
   * to one global).
   */
  public boolean isLocalLayer(int i) {
    if (slidingWindow == 0) {
      return false;
    }
    return globalEvery == 0 || (i + 1) % globalEvery != 0;
  }

  public boolean isMixtureOfExperts() {
    return experts > 1;
  }

  /** Query heads per key/value head (1 for plain multi-head attention). */
  public int groupSize() {
    return attentionHeads / kvHeads;
  }

  public Architecture withName(String newName) {
    return toBuilder().name(newName).build();
  }

  public Architecture withLayers(int newLayers) {
    return toBuilder().layers(newLayers).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .name(name)
        .vocabSize(vocabSize)
        .hiddenSize(hiddenSize)
        .layers(layers)
        .attentionHeads(attentionHeads)
        .kvHeads(kvHeads)
        .headDim(headDim)
        .intermediateSize(intermediateSize)
        .mlp(mlp)
        .positions(positions)
        .contextLength(contextLength)
        .tiedEmbeddings(tiedEmbeddings)
        .norm(norm)
        .linearBiases(linearBiases)
        .experts(experts)
        .expertsPerToken(expertsPerToken)
        .parallelBlock(parallelBlock)
        .outputBias(outputBias)
        .fusedQkv(fusedQkv)
        .qkvBias(qkvBias)
        .qkNorm(qkNorm)
        .postNorms(postNorms)
        .slidingWindow(slidingWindow)
        .globalEvery(globalEvery)
        .sharedExpertSize(sharedExpertSize)
        .expertType(expertType)
        .attentionSinks(attentionSinks);
  }

  /** Builder with Llama-style defaults; headDim defaults to hidden / heads, kvHeads to heads. */
  public static final class Builder {
    private String name = "custom";
    private long vocabSize;
    private long hiddenSize;
    private int layers;
    private int attentionHeads;
    private Integer kvHeads;
    private Long headDim;
    private long intermediateSize;
    private MlpKind mlp = MlpKind.GATED;
    private Positions positions = Positions.ROTARY;
    private long contextLength = 4096;
    private boolean tiedEmbeddings;
    private NormKind norm = NormKind.RMSNORM;
    private boolean linearBiases;
    private int experts = 1;
    private int expertsPerToken = 1;
    private boolean parallelBlock;
    private boolean outputBias;
    private boolean fusedQkv;
    private boolean qkvBias;
    private boolean qkNorm;
    private boolean postNorms;
    private long slidingWindow;
    private int globalEvery;
    private long sharedExpertSize;
    private GgmlType expertType;
    private boolean attentionSinks;

    public Builder name(String v) {
      name = v;
      return this;
    }

    public Builder vocabSize(long v) {
      vocabSize = v;
      return this;
    }

    public Builder hiddenSize(long v) {
      hiddenSize = v;
      return this;
    }

    public Builder layers(int v) {
      layers = v;
      return this;
    }

    public Builder attentionHeads(int v) {
      attentionHeads = v;
      return this;
    }

    public Builder kvHeads(Integer v) {
      kvHeads = v;
      return this;
    }

    public Builder headDim(Long v) {
      headDim = v;
      return this;
    }

    public Builder intermediateSize(long v) {
      intermediateSize = v;
      return this;
    }

    public Builder mlp(MlpKind v) {
      mlp = v;
      return this;
    }

    public Builder positions(Positions v) {
      positions = v;
      return this;
    }

    public Builder contextLength(long v) {
      contextLength = v;
      return this;
    }

    public Builder tiedEmbeddings(boolean v) {
      tiedEmbeddings = v;
      return this;
    }

    public Builder norm(NormKind v) {
      norm = v;
      return this;
    }

    public Builder linearBiases(boolean v) {
      linearBiases = v;
      return this;
    }

    public Builder experts(int v) {
      experts = v;
      return this;
    }

    public Builder expertsPerToken(int v) {
      expertsPerToken = v;
      return this;
    }

    public Builder parallelBlock(boolean v) {
      parallelBlock = v;
      return this;
    }

    public Builder outputBias(boolean v) {
      outputBias = v;
      return this;
    }

    public Builder fusedQkv(boolean v) {
      fusedQkv = v;
      return this;
    }

    public Builder qkvBias(boolean v) {
      qkvBias = v;
      return this;
    }

    public Builder qkNorm(boolean v) {
      qkNorm = v;
      return this;
    }

    public Builder postNorms(boolean v) {
      postNorms = v;
      return this;
    }

    public Builder slidingWindow(long v) {
      slidingWindow = v;
      return this;
    }

    public Builder globalEvery(int v) {
      globalEvery = v;
      return this;
    }

    public Builder sharedExpertSize(long v) {
      sharedExpertSize = v;
      return this;
    }

    public Builder expertType(GgmlType v) {
      expertType = v;
      return this;
    }

    public Builder attentionSinks(boolean v) {
      attentionSinks = v;
      return this;
    }

    public Architecture build() {
      int heads = attentionHeads;
      if (heads <= 0) {
        throw new ArchitectureException("attentionHeads", "must be > 0, was " + heads);
      }
      long hd;
      if (headDim != null) {
        hd = headDim;
      } else {
        if (hiddenSize % heads != 0) {
          throw new ArchitectureException(
              "headDim",
              "is required when hiddenSize ("
                  + hiddenSize
                  + ") is not a multiple of attentionHeads ("
                  + heads
                  + ")");
        }
        hd = hiddenSize / heads;
      }
      return new Architecture(
          name,
          vocabSize,
          hiddenSize,
          layers,
          heads,
          kvHeads == null ? heads : kvHeads,
          hd,
          intermediateSize,
          mlp,
          positions,
          contextLength,
          tiedEmbeddings,
          norm,
          linearBiases,
          experts,
          expertsPerToken,
          parallelBlock,
          outputBias,
          fusedQkv,
          qkvBias,
          qkNorm,
          postNorms,
          slidingWindow,
          globalEvery,
          sharedExpertSize,
          expertType,
          attentionSinks);
    }
  }
}
