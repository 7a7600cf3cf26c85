package org.llmadvisor.machine;

import org.llmadvisor.core.units.ByteSize;

/** System RAM: installed (as the OS sees it) and available to a new process without swapping. */
public record MemoryInfo(ByteSize total, ByteSize available) {}
