package org.llmadvisor.core.workload;

/** A workload that cannot be served as described; names the field. */
public final class WorkloadException extends IllegalArgumentException {
  private final String field;

  public WorkloadException(String field, String problem) {
    super(field + " " + problem);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
