package org.llmadvisor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.llmadvisor.core.gguf.GgufFormatException;
import org.llmadvisor.core.gguf.GgufModel;
import org.llmadvisor.core.gguf.GgufReader;
import org.llmadvisor.core.model.ArchitectureJson;
import org.llmadvisor.core.units.Wording;
import org.llmadvisor.service.EstimateRequest;
import org.llmadvisor.service.EstimateResponse;
import org.llmadvisor.service.EstimateService;
import org.llmadvisor.service.ServiceJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./advisor estimate}: the body of {@code POST /api/estimate}, flag by flag. */
@Command(
    mixinStandardHelpOptions = true,
    name = "estimate",
    sortOptions = false,
    description = {
      "Parameters, memory and speed of one model on one device (POST /api/estimate).",
      "Example: ./advisor estimate --model llama-2-7b --quantization Q4_K_M --hardware rtx-4090"
          + " --context 4096"
    })
final class EstimateCommand extends BaseCommand {

  @Option(
      names = "--model",
      description =
          "Model name: preset id (see ./advisor models), Ollama tag (qwen2.5:7b), Hugging Face"
              + " repository (Qwen/Qwen2.5-7B-Instruct) or .gguf path.")
  String model;

  @Option(
      names = "--config",
      paramLabel = "config.json",
      description = "A Hugging Face config.json, instead of --model.")
  Path config;

  @Option(
      names = "--gguf",
      paramLabel = "file.gguf",
      description = "A GGUF file whose header gives the architecture, instead of --model.")
  Path gguf;

  @Option(
      names = {"--quantization", "-q"},
      description = "llama.cpp recipe (default: the tag's, else Q4_K_M).")
  String quantization;

  @Option(
      names = "--quantized-on",
      paramLabel = "YYYY-MM-DD",
      description = "Size the file by llama.cpp's recipes of the day it was quantized.")
  String quantizedOn;

  @Option(
      names = "--hardware",
      description = "Hardware id (see ./advisor hardware), or local for this machine.")
  String hardware;

  @Option(
      names = "--devices-per-server",
      description = "Devices in one server that split the layers (default 1).")
  Long devicesPerServer;

  @Option(names = "--context", description = "Context tokens (default 4096).")
  Long context;

  @Option(names = "--parallel", description = "Parallel sequences (default 1).")
  Long parallel;

  @Option(names = "--kv-cache-type", description = "f16 (default), q8_0 or q4_0.")
  String kvCacheType;

  @Option(names = "--prompt-tokens", description = "Prompt tokens (default 512).")
  Long promptTokens;

  @Option(names = "--output-tokens", description = "Output tokens (default 128).")
  Long outputTokens;

  @Option(names = "--threads", description = "CPU threads (default: the physical cores).")
  Long threads;

  @Option(
      names = "--engine",
      description =
          "ollama (default) or vllm (quantization bf16, fp16, fp8, awq or gptq; --parallel is the"
              + " requests in flight; --devices-per-server the tensor-parallel size).")
  String engine;

  @Override
  public Integer call() {
    ObjectNode body = ServiceJson.mapper().createObjectNode();
    int models = (model == null ? 0 : 1) + (config == null ? 0 : 1) + (gguf == null ? 0 : 1);
    if (models != 1) {
      throw new BadInput(
          "--model: give exactly one of --model, --config or --gguf"
              + (models == 0 ? "" : ", not " + models));
    }
    put(body, "model", model != null ? "--model" : config != null ? "--config" : "--gguf", model());
    put(body, "quantization", "--quantization", quantization);
    put(body, "contextTokens", "--context", context);
    put(body, "parallel", "--parallel", parallel);
    put(body, "kvCacheType", "--kv-cache-type", kvCacheType);
    put(body, "hardware", "--hardware", hardware);
    put(body, "devicesPerServer", "--devices-per-server", devicesPerServer);
    put(body, "promptTokens", "--prompt-tokens", promptTokens);
    put(body, "outputTokens", "--output-tokens", outputTokens);
    put(body, "threads", "--threads", threads);
    put(body, "quantizedOn", "--quantized-on", quantizedOn);
    put(body, "engine", "--engine", engine);
    EstimateResponse r =
        refusedAsFlags(
            () ->
                new EstimateService(context().catalogs(), context().thisMachine())
                    .estimate(ServiceJson.read(body, EstimateRequest.class)));
    return print(r, () -> table(r));
  }

  private Object model() {
    if (model != null) {
      return model;
    }
    if (config != null) {
      try {
        JsonNode c = ServiceJson.mapper().readTree(Files.readString(config));
        if (!c.isObject()) {
          throw new BadInput("--config: " + config + " must hold one JSON object");
        }
        return c;
      } catch (IOException e) {
        throw new BadInput("--config: cannot read " + config + ": " + e.getMessage());
      }
    }
    if (!Files.isReadable(gguf)) {
      throw new BadInput("--gguf: cannot read " + gguf);
    }
    try {
      return ArchitectureJson.write(GgufModel.of(GgufReader.read(gguf)).architecture());
    } catch (GgufFormatException e) {
      throw new BadInput("--gguf: " + gguf + ": " + e.getMessage());
    }
  }

  private void table(EstimateResponse r) {
    var m = r.memory();
    var s = r.speed();
    String name = r.model().id() != null ? r.model().id() : r.model().name();
    out().printf("%s at %s on %s%n%n", name, r.quantization(), r.hardware().name());
    new Table("", ">")
        .row("parameters", Table.count(r.parameters().total()))
        .row("weights", Table.gib(m.weightsBytes()))
        .row("KV cache", Table.gib(m.kvCacheBytes()))
        .row("compute buffer", Table.gib(m.computeBufferBytes()))
        .row("overhead", Table.gib(m.overheadBytes()))
        .row("total memory", Table.gib(m.totalBytes()))
        .row("device memory", Table.gib(m.deviceCapacityBytes()))
        .row("layers on the device", m.gpuLayers() + " of " + m.totalLayers())
        .row("prompt", Table.num(s.promptTokensPerSecond(), "%.1f tokens/s"))
        .row("generation", Wording.f("%.1f tokens/s", s.generationTokensPerSecond()))
        .row("time to first token", Wording.f("%.0f ms", s.timeToFirstTokenMs()))
        .row("total latency", Wording.f("%.0f ms", s.totalLatencyMs()))
        .print(out());
    out().println();
    out()
        .println(
            (m.fits()
                ? Wording.f(
                    "Fits: %s of %s, %.1f tokens/s.",
                    Table.gib(m.totalBytes()),
                    Table.gib(m.deviceCapacityBytes()),
                    s.generationTokensPerSecond())
                : Wording.f(
                    "Does not fit: needs %s of %s; %d of %d layers on the device, %.1f tokens/s.",
                    Table.gib(m.totalBytes()),
                    Table.gib(m.deviceCapacityBytes()),
                    m.gpuLayers(),
                    m.totalLayers(),
                    s.generationTokensPerSecond())));
  }
}
