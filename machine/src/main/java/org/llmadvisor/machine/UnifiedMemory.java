package org.llmadvisor.machine;

import org.llmadvisor.core.units.ByteSize;

/**
 * Memory shared by CPU and GPU (Apple silicon), and the part the GPU may wire.
 *
 * @param gpuLimit what Metal lets the GPU hold; a model larger than this does not run on the GPU
 *     although it fits in RAM
 * @param limitSource where {@code gpuLimit} comes from: the sysctl or the default rule
 */
public record UnifiedMemory(ByteSize total, ByteSize gpuLimit, String limitSource) {}
