package org.llmadvisor.service;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What is wrong with a request body, in the user's terms: the field's path and what it must be
 * ("{@code contextTokens must be an integer, was "many"}"), never a Java type or the parser's
 * source excerpt. The one translation both doors use: {@code /api} writes a {@link Problem} as its
 * {@link ErrorBody}, {@code /v1} in OpenAI's error shape.
 */
public final class JsonErrors {

  private JsonErrors() {}

  /**
   * @param field the path of the value at fault ({@code workload.peakFactor}, {@code
   *     messages[0].role}), {@code "body"} for the body as a whole, or empty where the body could
   *     not be read as JSON at all
   * @param code a short machine-readable reason: invalid_request, invalid_json, body_too_large,
   *     unsupported_media_type
   */
  public record Problem(int status, String code, String field, String message) {}

  /** A body Jackson could not read or could not bind. */
  public static Problem of(JsonProcessingException e) {
    return e instanceof JsonMappingException m ? unreadable(m) : malformed(e);
  }

  /** A body that is JSON but does not bind to the request: the field and what it must be. */
  public static Problem unreadable(JsonMappingException e) {
    String field = path(e);
    if (field.isEmpty()) {
      // the body is not an object, or another value follows it
      return new Problem(
          400, "invalid_request", "body", "body must be one JSON object with nothing after it");
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
    return new Problem(400, "invalid_request", field, field + " " + problem);
  }

  /** Malformed JSON: where it breaks and how, never the parser's source excerpt. */
  public static Problem malformed(JsonProcessingException e) {
    if (e instanceof StreamConstraintsException) {
      return new Problem(
          400,
          "invalid_json",
          "",
          "the body exceeds a JSON limit (nesting depth, number or string length)");
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
    return new Problem(400, "invalid_json", "", "malformed JSON" + where + ": " + what);
  }

  /** A body over the server's limit; {@code limitBytes} as configured. */
  public static Problem tooLarge(long limitBytes) {
    return new Problem(
        413,
        "body_too_large",
        "",
        "the body is larger than the " + bytes(limitBytes) + " limit; send a smaller request");
  }

  /** A body sent as something other than JSON. */
  public static Problem unsupportedType(String contentType) {
    String was = contentType == null || contentType.isBlank() ? "missing" : contentType.trim();
    return new Problem(
        415,
        "unsupported_media_type",
        "Content-Type",
        "Content-Type must be application/json, was " + shown(was));
  }

  /** Whether a Content-Type names JSON: {@code application/json}, {@code ...+json}. */
  public static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String t = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return t.equals("application/json") || (t.startsWith("application/") && t.endsWith("+json"));
  }

  /**
   * A refusal of a value read as a tree: "{@code stream must be true or false, was a string}".
   *
   * @param expected what the field holds, to follow "must be"
   */
  public static Problem mustBe(String field, String expected, JsonNode actual) {
    return new Problem(
        400, "invalid_request", field, field + " must be " + expected + ", was " + kind(actual));
  }

  /**
   * A JSON value as the user sent it: a string, number or boolean as itself ({@code "yes"}, {@code
   * 4096.5}), anything else by its kind ("a list", "an object", "null").
   */
  public static String kind(JsonNode v) {
    if (v == null || v.isMissingNode()) {
      return "nothing";
    }
    if (v.isTextual()) {
      return shown(v.asText());
    }
    if (v.isNumber() || v.isBoolean()) {
      return shown(v.numberValue() == null ? (Object) v.asBoolean() : v.numberValue());
    }
    return RequestJson.kind(v.asToken());
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

  /** A value the user sent, as JSON, cut short if long. */
  public static String shown(Object value) {
    String s = value instanceof String t ? "\"" + t + "\"" : String.valueOf(value);
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }

  private static String bytes(long n) {
    if (n % (1 << 20) == 0) {
      return n / (1 << 20) + " MiB";
    }
    if (n % (1 << 10) == 0) {
      return n / (1 << 10) + " KiB";
    }
    return n + "-byte";
  }

  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining("."))
        .replace(".[", "[");
  }
}
