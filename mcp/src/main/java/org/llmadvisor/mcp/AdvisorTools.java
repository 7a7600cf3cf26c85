package org.llmadvisor.mcp;

import static java.util.Map.entry;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.llmadvisor.service.AdviceRequestBody;
import org.llmadvisor.service.CatalogRows;
import org.llmadvisor.service.Catalogs;
import org.llmadvisor.service.EstimateRequest;
import org.llmadvisor.service.EstimateService;
import org.llmadvisor.service.FitRequest;
import org.llmadvisor.service.FitService;
import org.llmadvisor.service.LocalMachine;
import org.llmadvisor.service.ServiceJson;
import org.llmadvisor.service.ThisMachine;

/**
 * The advisor's tools, as every MCP transport serves them: {@code estimate}, {@code advise}, {@code
 * fit}, {@code system}, {@code list_models}, {@code list_hardware}. Arguments are the bodies of the
 * HTTP API, read by the same strict reader; answers are the same JSON.
 */
public final class AdvisorTools {

  private AdvisorTools() {}

  /** Descriptions of {@code estimate}'s arguments, by path. */
  static final Map<String, String> ESTIMATE_DOCS =
      Map.ofEntries(
          entry(
              "model",
              "The model: a name as people use it (a catalog preset id such as \"llama-2-7b\", see"
                  + " list_models; an Ollama tag such as \"qwen2.5:7b\" or"
                  + " \"llama3.1:8b-instruct-q4_K_M\"; a Hugging Face repository such as"
                  + " \"Qwen/Qwen2.5-7B-Instruct\"; a local .gguf path), an object of"
                  + " architecture fields {vocabSize, hiddenSize, layers, attentionHeads, kvHeads,"
                  + " headDim, intermediateSize, mlp: gated|plain, positions: rotary|learned,"
                  + " contextLength, tiedEmbeddings, norm: rmsnorm|layernorm, linearBiases, experts,"
                  + " expertsPerToken}, or a Hugging Face config.json object (it has model_type)."),
          entry(
              "quantization",
              "llama.cpp quantization recipe (default: the one an Ollama tag names, else Q4_K_M): Q8_0, Q6_K, Q5_K_M, Q4_0, Q3_K_M,"
                  + " Q2_K, F16, BF16, ..."),
          entry(
              "contextTokens",
              "Context window to allocate, in tokens (default: Ollama's 4096, or the model's own"
                  + " context when shorter)."),
          entry(
              "parallel",
              "Sequences served at once (Ollama's OLLAMA_NUM_PARALLEL), 1-256 (default 1); each"
                  + " gets its own KV cache."),
          entry("kvCacheType", "KV cache element type: f16 (default), q8_0 or q4_0."),
          entry(
              "hardware",
              "The device: a catalog id such as \"rtx-4090\" or \"m2-max-38\" (see list_hardware),"
                  + " \"local\" for the machine the server runs on, or a device given field by"
                  + " field."),
          entry("hardware.name", "Name to show for the device."),
          entry("hardware.kind", "gpu (default), apple or cpu."),
          entry("hardware.memoryGiB", "Memory the model may use, GiB (required)."),
          entry("hardware.memoryBandwidthGBps", "Memory bandwidth, GB/s (required)."),
          entry("hardware.fp16Tflops", "FP16 compute, TFLOP/s; sets the prompt speed."),
          entry("hardware.fp32Tflops", "FP32 compute, TFLOP/s."),
          entry(
              "hardware.hostMemoryBandwidthGBps",
              "Bandwidth of the host RAM that holds layers which do not fit on a GPU, GB/s."),
          entry("hardware.tdpWatts", "Power draw under load, watts."),
          entry("promptTokens", "Prompt length for the time to first token (default 512)."),
          entry("outputTokens", "Generated tokens for the total latency (default 128)."),
          entry("threads", "CPU threads llama.cpp uses on a CPU (default: the physical cores)."),
          entry(
              "quantizedOn",
              "Day the file was quantized, YYYY-MM-DD: sizes it by llama.cpp's recipes of that day"
                  + " (default: the day the catalog knows for a tag, else today's recipes)."),
          entry(
              "devicesPerServer",
              "Identical GPUs in one server that split the model's layers, 1-8 (default 1); 1 for"
                  + " a CPU or an Apple chip. With engine vllm: the tensor-parallel size."),
          entry(
              "engine",
              "ollama (default) or vllm: vLLM's weight formats (quantization bf16, fp16, fp8, awq,"
                  + " gptq), its memory rules (GPU memory share, 16-token KV blocks) and continuous"
                  + " batching of 'parallel' requests in flight; GPUs only."));

  /** Descriptions of {@code advise}'s arguments, by path. */
  static final Map<String, String> ADVICE_DOCS =
      Map.ofEntries(
          entry("workload", "The traffic to serve (required)."),
          entry("workload.requestsPerDay", "Requests per day (required)."),
          entry(
              "workload.activeHoursPerDay",
              "Hours a day the requests arrive in (default 24); fewer hours mean a higher rate."),
          entry("workload.peakFactor", "Peak rate over the mean rate (default 1)."),
          entry("workload.inputTokens", "Mean prompt tokens per request (required)."),
          entry("workload.outputTokens", "Mean generated tokens per request (required)."),
          entry("workload.p95InputTokens", "95th percentile of prompt tokens (default: the mean)."),
          entry(
              "workload.p95OutputTokens",
              "95th percentile of generated tokens (default: the mean)."),
          entry(
              "workload.parallel",
              "Parallel slots per local server, 1-256; leave out for the advisor to choose them."),
          entry("latencyTargetMs", "p95 latency target at the peak, milliseconds (required)."),
          entry(
              "latencyTarget",
              "What the target bounds: end-to-end (default) or first-token (time to first token)."),
          entry("monthlyBudgetUsd", "Monthly budget, US dollars; candidates above it are dropped."),
          entry("qualityFloor", "Minimum benchmark score (MMLU, percent, 0-100)."),
          entry("dataMustStayLocal", "true drops the cloud offerings."),
          entry(
              "compareWith",
              "Cloud offering the break-even compares against, e.g. openai/gpt-4o-mini (default:"
                  + " the leading one); refused with dataMustStayLocal."),
          entry(
              "thisMachine",
              "include (default): the machine the server runs on joins the devices, owned;"
                  + " exclude: left out; only: what runs on this machine, and nothing else."),
          entry(
              "rateLimitTier",
              "The cloud account's rate-limit tier as the catalog names it (\"Tier 3\", \"Enterprise"
                  + " & MCA-E\"); default each offering's lowest, where a new account starts."),
          entry(
              "hardware",
              "Devices the advice may use (default: every catalog device with a price). An item is"
                  + " a catalog id (a device the team owns: only its energy is paid) or an object"
                  + " {id, acquisition: owned|buy|rent, purchaseUsd, usdPerHour} or a device given"
                  + " field by field plus acquisition."),
          entry("hardware.id", "Catalog id of the device (see list_hardware)."),
          entry("hardware.acquisition", "owned (default), buy or rent."),
          entry("hardware.count", "How many of the device the team owns (default 1)."),
          entry("hardware.purchaseUsd", "Purchase price, US dollars (default: the catalog's)."),
          entry("hardware.usdPerHour", "Rent per hour, US dollars (default: the catalog's)."),
          entry("hardware.name", "Name to show for a device given field by field."),
          entry("hardware.kind", "gpu (default), apple or cpu."),
          entry("hardware.memoryGiB", "Memory, GiB."),
          entry("hardware.memoryBandwidthGBps", "Memory bandwidth, GB/s."),
          entry("hardware.fp16Tflops", "FP16 compute, TFLOP/s."),
          entry("hardware.fp32Tflops", "FP32 compute, TFLOP/s."),
          entry("hardware.hostMemoryBandwidthGBps", "Host RAM bandwidth behind a GPU, GB/s."),
          entry("hardware.tdpWatts", "Power draw under load, watts."),
          entry(
              "allowRentedHardware",
              "Without hardware: whether rented devices are considered too (default true)."));

  static final Map<String, String> FIT_DOCS =
      Map.of(
          "contextTokens", "Context each model is sized for, tokens (default 4096).",
          "minTokensPerSecond",
              "Generation speed a model needs to count as running, tokens/s (default 5).",
          "quantizations",
              "llama.cpp recipes to try, best first (default Q8_0, Q6_K, Q5_K_M, Q4_K_M, Q3_K_M).",
          "family", "Only models of this family, e.g. llama, mistral.",
          "limit", "At most this many rows.");

  static final Map<String, String> MODEL_FILTER_DOCS =
      Map.of(
          "family", "Only this family, e.g. llama, mistral, gpt2.",
          "search", "A word in the id or the name.",
          "maxParameters", "Only models with at most this many parameters.");

  static final Map<String, String> HARDWARE_FILTER_DOCS =
      Map.of(
          "kind", "gpu, apple or cpu.",
          "search", "A word in the id or the name, e.g. 4090, h100, m2.",
          "minMemoryGiB", "Only devices with at least this much memory, GiB.");

  /**
   * The tools every transport serves.
   *
   * @param advise answers an advice request as {@code POST /api/advice} does (the app adds what
   *     configured deployments measured; elsewhere that map is empty)
   * @param machine the machine the server runs on, detected when {@code fit} or {@code system} is
   *     first called
   */
  public static List<AdvisorTool> of(
      Catalogs catalogs,
      Function<AdviceRequestBody, Object> advise,
      Supplier<LocalMachine> machine) {
    FitService fits = new FitService(catalogs);
    return List.of(
        new AdvisorTool(
            "estimate",
            "Size a model on a device",
            "Parameters, memory and speed of one model at one quantization on one device: exact"
                + " parameter count, weights + KV cache + compute buffer in bytes, whether it fits"
                + " (and how many layers go to the GPU), prompt and generation tokens/s, time to"
                + " first token and total latency, with every input of every formula in basis."
                + " Same body and answer as POST /api/estimate. Use list_models and list_hardware"
                + " for ids.",
            ToolSchemas.of(EstimateRequest.class, ESTIMATE_DOCS),
            true,
            args ->
                new EstimateService(catalogs, ThisMachine.lazily(() -> machine.get().thisMachine()))
                    .estimate(ServiceJson.read(args, EstimateRequest.class))),
        new AdvisorTool(
            "advise",
            "Rank deployments for a workload",
            "Ranks every deployment for a workload, local (Ollama model x quantization x device x"
                + " servers) and cloud (OpenAI, Azure OpenAI): predicted p50/p95 latency at the peak,"
                + " monthly cost, cost per million tokens, memory, the constraints each meets and"
                + " the reasons in words. best is null when nothing meets every constraint; relax"
                + " then says which constraint to relax and by how much. Same body and answer as"
                + " POST /api/advice.",
            ToolSchemas.of(AdviceRequestBody.class, ADVICE_DOCS),
            true,
            args -> advise.apply(ServiceJson.read(args, AdviceRequestBody.class))),
        new AdvisorTool(
            "fit",
            "What runs on this machine",
            "Which catalog models run on the machine this server runs on, ranked: each model at"
                + " the best quantization that fits in memory and generates at a usable speed, with"
                + " tokens/s, memory and the benchmark score; verdict says the best one in a"
                + " sentence. Detects the machine (and measures its memory bandwidth once, a few"
                + " seconds) on first use.",
            ToolSchemas.of(FitRequest.class, FIT_DOCS),
            true,
            args -> fits.fit(ServiceJson.read(args, FitRequest.class), machine.get().hardware())),
        new AdvisorTool(
            "system",
            "This machine",
            "The machine this server runs on: CPU, RAM, GPUs, unified memory, the local Ollama"
                + " and its models, and the measured memory bandwidth the speed model uses; notes"
                + " say what could not be seen. Same answer as GET /api/system.",
            ToolSchemas.none(),
            true,
            args -> {
              ServiceJson.read(args, NoArguments.class);
              return machine.get().system();
            }),
        new AdvisorTool(
            "list_models",
            "Model catalog",
            "The model presets an estimate or fit can use: id, name, family, exact parameter"
                + " count and architecture, each with its source. Same rows as GET"
                + " /api/catalog/models, filtered.",
            ToolSchemas.of(CatalogRows.ModelFilter.class, MODEL_FILTER_DOCS),
            true,
            args ->
                ServiceJson.read(args, CatalogRows.ModelFilter.class)
                    .apply(CatalogRows.models(catalogs))),
        new AdvisorTool(
            "list_hardware",
            "Hardware catalog",
            "The devices an estimate or advice can use: GPUs, Apple chips and CPUs with memory,"
                + " bandwidth, FLOP/s and power, each with its source. Same rows as GET"
                + " /api/catalog/hardware, filtered.",
            ToolSchemas.of(CatalogRows.HardwareFilter.class, HARDWARE_FILTER_DOCS),
            true,
            args ->
                ServiceJson.read(args, CatalogRows.HardwareFilter.class)
                    .apply(CatalogRows.hardware(catalogs))));
  }

  /** The arguments of a tool that takes none: any given is refused by name. */
  public record NoArguments() {}
}
