package org.llmadvisor.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * JSON for the doors outside the HTTP app (the command line, MCP), set as the app's Quarkus mapper
 * is: unknown fields refused, {@code Optional} and {@code java.time} values as it writes them
 * (dates as ISO strings); requests read by {@link RequestJson}, so a body is accepted or refused,
 * in the same words, whichever door it comes through.
 */
public final class ServiceJson {

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new Jdk8Module())
          .registerModule(new JavaTimeModule())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
          .configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false);

  private ServiceJson() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** A request body read strictly into its record; a refusal names the field. */
  public static <T> T read(JsonNode body, Class<T> type) {
    ObjectReader reader = new RequestJson().apply(MAPPER, type);
    try {
      return reader.readValue(MAPPER.treeAsTokens(body));
    } catch (JsonProcessingException e) {
      throw RequestErrors.of(e);
    } catch (java.io.IOException e) {
      throw new ApiException(400, "", "the body cannot be read: " + e.getMessage());
    }
  }

  /** A request body read strictly from text. */
  public static <T> T read(String body, Class<T> type) {
    ObjectReader reader = new RequestJson().apply(MAPPER, type);
    try {
      return reader.readValue(body);
    } catch (JsonProcessingException e) {
      throw RequestErrors.of(e);
    }
  }

  /** The JSON the HTTP API answers with for this value. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
    }
  }
}
