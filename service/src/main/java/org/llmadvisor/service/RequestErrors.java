package org.llmadvisor.service;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.math.BigInteger;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * A request body Jackson could not read, worded in the request's terms: the field's path and what
 * it must be ("{@code contextTokens must be an integer, was "many"}"), never a Java type or the
 * parser's source excerpt. The doors without an HTTP exception mapper (the command line, MCP) turn
 * their JSON errors into an {@link ApiException} here, in the same words as the HTTP API.
 */
public final class RequestErrors {

  private RequestErrors() {}

  /** The refusal for a body that could not be read or bound to its record. */
  public static ApiException of(JsonProcessingException e) {
    if (e instanceof JsonMappingException m) {
      return mapping(m);
    }
    if (e instanceof StreamConstraintsException) {
      return new ApiException(
          400, "", "the body exceeds a JSON limit (nesting depth, number or string length)");
    }
    JsonLocation at = e.getLocation();
    String where =
        at == null || at.getLineNr() < 1
            ? ""
            : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    String what =
        e instanceof JsonEOFException
            ? "the body ends before the JSON value is complete"
            : e instanceof InputCoercionException ? "a number is out of range" : "unexpected text";
    return new ApiException(400, "", "malformed JSON" + where + ": " + what);
  }

  private static ApiException mapping(JsonMappingException e) {
    String field = path(e);
    if (field.isEmpty()) {
      return new ApiException(400, "body", "body must be one JSON object with nothing after it");
    }
    String problem;
    if (e instanceof RequestJson.Refused r) {
      problem = r.problem();
    } else if (e instanceof UnrecognizedPropertyException u) {
      problem =
          "is not a known field; known: "
              + u.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
    } else if (e instanceof InvalidFormatException f) {
      problem = "must be " + expected(f.getTargetType()) + ", was " + shown(f.getValue());
    } else if (e instanceof MismatchedInputException m) {
      problem =
          "must be "
              + expected(m.getTargetType())
              + (m.getCurrentToken() == null
                  ? ""
                  : ", was " + RequestJson.kind(m.getCurrentToken()));
    } else {
      problem = "cannot be read";
    }
    return new ApiException(400, field, field + " " + problem);
  }

  /** What a value of this type is in JSON terms. */
  static String expected(Class<?> type) {
    if (type == null) {
      return "of another kind";
    }
    if (type == Long.class
        || type == long.class
        || type == Integer.class
        || type == int.class
        || type == Short.class
        || type == short.class
        || type == BigInteger.class) {
      return "an integer";
    }
    if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class || type == Character.class || type.isEnum()) {
      return "a string";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "a list";
    }
    return "an object";
  }

  private static String shown(Object value) {
    String s = value instanceof String t ? "\"" + t + "\"" : String.valueOf(value);
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }

  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining("."))
        .replace(".[", "[");
  }
}
