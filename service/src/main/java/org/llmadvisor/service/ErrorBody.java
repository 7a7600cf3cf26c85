package org.llmadvisor.service;

/** The JSON error shape of {@code /api}: {@code {"error": {"code", "field", "message"}}}. */
public record ErrorBody(Detail error) {

  public record Detail(String code, String field, String message) {}

  public static ErrorBody of(String code, String field, String message) {
    return new ErrorBody(new Detail(code, field, message));
  }
}
