package org.llmadvisor.app.plan;

/**
 * A plan that cannot be applied as asked: the HTTP status that fits, the request field at fault and
 * what is wrong with it. The API turns it into its error body; the plan knows nothing of HTTP
 * beyond the status number.
 */
public class PlanException extends RuntimeException {
  private final int status;
  private final String field;

  public PlanException(int status, String field, String message) {
    super(message);
    this.status = status;
    this.field = field;
  }

  public static PlanException badField(String field, String problem) {
    return new PlanException(400, field, field + " " + problem);
  }

  public int status() {
    return status;
  }

  public String field() {
    return field;
  }
}
