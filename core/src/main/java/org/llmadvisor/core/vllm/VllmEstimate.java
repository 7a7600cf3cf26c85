package org.llmadvisor.core.vllm;

import java.util.List;
import org.llmadvisor.core.speed.BatchedStep;

/**
 * What vLLM does with a request: whether it starts, its memory, and its speed at the concurrency.
 * Speeds are NaN when the model does not fit (vLLM does not start; there is no offload).
 *
 * @param request what was estimated
 * @param maxNumSeqs {@code --max-num-seqs} in force
 * @param maxNumBatchedTokens {@code --max-num-batched-tokens} in force
 * @param weights the model's weights in its format
 * @param memory one GPU's memory under vLLM's rules
 * @param fits vLLM starts: the weights fit and the KV blocks hold one {@code maxModelLen} sequence
 * @param maxConcurrentSequences requests of {@code promptTokens + outputTokens} vLLM runs at once:
 *     its {@code --max-num-seqs} or what the KV blocks hold, whichever is fewer
 * @param runningSequences requests running together at the requested concurrency (the concurrency,
 *     capped by {@code maxConcurrentSequences}; the rest wait in vLLM's queue)
 * @param stepMs the mean engine step at that load
 * @param limit what binds that step: memory or arithmetic
 * @param perSequenceTokensPerSecond output tokens per second each running request receives
 * @param aggregateGenerationTokensPerSecond output tokens per second of all running requests
 * @param promptTokensPerSecond prompt tokens per second of one request alone; NaN without a prompt
 * @param timeToFirstTokenMs at that load: waiting for a slot, then the prompt's chunks
 * @param totalLatencyMs time to first token plus the remaining output at the step time
 * @param step the step at that load, decode and its share of chunked prefill together, for the knee
 *     and further analysis
 * @param decodeStep a step of sequences that only decode, at the mean context ({@code promptTokens
 *     + outputTokens / 2}): what a server model that times each prompt on its own needs, so the
 *     prompt is not counted twice; null when vLLM does not start
 * @param basis the rules and figures used, in words
 */
public record VllmEstimate(
    VllmRequest request,
    int maxNumSeqs,
    int maxNumBatchedTokens,
    VllmWeights weights,
    VllmMemory memory,
    boolean fits,
    long maxConcurrentSequences,
    int runningSequences,
    double stepMs,
    BatchedStep.Limit limit,
    double perSequenceTokensPerSecond,
    double aggregateGenerationTokensPerSecond,
    double promptTokensPerSecond,
    double timeToFirstTokenMs,
    double totalLatencyMs,
    BatchedStep step,
    BatchedStep decodeStep,
    List<String> basis) {

  public VllmEstimate {
    basis = List.copyOf(basis);
  }
}
