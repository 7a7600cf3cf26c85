package org.llmadvisor.service;

/** A request the API refuses: the status, the field at fault and what is wrong with it. */
public class ApiException extends RuntimeException {
  private final int status;
  private final String field;

  public ApiException(int status, String field, String message) {
    super(message);
    this.status = status;
    this.field = field;
  }

  public static ApiException badField(String field, String problem) {
    return new ApiException(400, field, field + " " + problem);
  }

  public int status() {
    return status;
  }

  public String field() {
    return field;
  }
}
