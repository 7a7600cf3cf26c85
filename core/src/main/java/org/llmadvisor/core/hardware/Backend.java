package org.llmadvisor.core.hardware;

/** The llama.cpp backend a device runs: it sets the memory reserve and the speed calibration. */
public enum Backend {
  CUDA,
  ROCM,
  METAL,
  CPU
}
