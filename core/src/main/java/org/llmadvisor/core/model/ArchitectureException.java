package org.llmadvisor.core.model;

/** An architecture value that cannot describe a model; names the offending field. */
public final class ArchitectureException extends IllegalArgumentException {
  private final String field;

  public ArchitectureException(String field, String problem) {
    super(field + " " + problem);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
