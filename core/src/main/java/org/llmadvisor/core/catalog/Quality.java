package org.llmadvisor.core.catalog;

/** A benchmark score (MMLU, percent) and where it was published. */
public record Quality(String benchmark, double score, String source) {}
