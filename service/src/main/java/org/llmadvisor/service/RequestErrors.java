package org.llmadvisor.service;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * The doors without an HTTP exception mapper (the command line, MCP) turn a request body Jackson
 * could not read into an {@link ApiException} here, in the words of {@link JsonErrors}: the same
 * the HTTP API answers with.
 */
public final class RequestErrors {

  private RequestErrors() {}

  /** The refusal for a body that could not be read or bound to its record. */
  public static ApiException of(JsonProcessingException e) {
    JsonErrors.Problem p = JsonErrors.of(e);
    return new ApiException(p.status(), p.field() == null ? "" : p.field(), p.message());
  }
}
