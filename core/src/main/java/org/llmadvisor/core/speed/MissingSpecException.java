package org.llmadvisor.core.speed;

/** A hardware figure the requested estimate needs is not known; names the field to supply. */
public final class MissingSpecException extends IllegalArgumentException {
  private final String field;

  public MissingSpecException(String field, String hardware) {
    super(
        hardware
            + " has no published "
            + field
            + " figure, which prompt speed needs; give it in the hardware spec");
    this.field = field;
  }

  public String field() {
    return field;
  }
}
