package org.llmadvisor.app.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Body of {@code POST /api/estimate}. {@code model} is a preset id, an object of architecture
 * fields, or a Hugging Face config.json object (recognised by its {@code model_type}); {@code
 * hardware} is a catalog id or {@code {"name","kind","memoryGiB","memoryBandwidthGBps",
 * "fp16Tflops"}}. Omitted numbers take the defaults Ollama uses.
 */
public record EstimateRequest(
    JsonNode model,
    String quantization,
    Long contextTokens,
    Integer parallel,
    String kvCacheType,
    JsonNode hardware,
    Long promptTokens,
    Long outputTokens) {}
