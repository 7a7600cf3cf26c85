package org.llmadvisor.service;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * How {@code /api} reads a request body into its record (name it in {@code @CustomDeserialization}
 * on the resource method): one JSON value and nothing after it, and integers that are integers
 * ({@code 4096} and {@code 4096.0} are read, {@code 4096.5} is refused rather than cut to 4096).
 * Unknown fields are refused application-wide ({@code quarkus.jackson.fail-on-unknown-properties}).
 *
 * <p>A value Jackson cannot read raises a {@code JsonMappingException} whose path is the field;
 * {@link ErrorMappers} words it in the user's terms. A value that reads but is out of range is for
 * the request record's {@code validate}, which names the field the same way ({@link FieldPath}).
 */
public final class RequestJson implements BiFunction<ObjectMapper, Type, ObjectReader> {

  @Override
  public ObjectReader apply(ObjectMapper mapper, Type type) {
    // called once per resource method; the application's mapper stays as it is
    ObjectMapper requests =
        mapper
            .copy()
            .registerModule(
                new SimpleModule("request-integers")
                    .addDeserializer(
                        Long.class, new WholeNumber<>(Long.class, BigDecimal::longValueExact))
                    .addDeserializer(
                        long.class, new WholeNumber<>(Long.class, BigDecimal::longValueExact))
                    .addDeserializer(
                        Integer.class, new WholeNumber<>(Integer.class, BigDecimal::intValueExact))
                    .addDeserializer(
                        int.class, new WholeNumber<>(Integer.class, BigDecimal::intValueExact)));
    return requests
        .readerFor(requests.constructType(type))
        .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /** A value that was read but cannot stand where it is; the message is the user's problem. */
  public static final class Refused extends MismatchedInputException {
    Refused(JsonParser p, Class<?> type, String problem) {
      super(p, problem, type);
    }

    /** What is wrong, to follow the field's name: "must be an integer, was 4096.5". */
    public String problem() {
      return getOriginalMessage();
    }
  }

  /** A JSON value's kind in the user's terms: "a string", "a list". */
  public static String kind(JsonToken t) {
    if (t == null) {
      return "nothing";
    }
    return switch (t) {
      case START_OBJECT, FIELD_NAME, END_OBJECT -> "an object";
      case START_ARRAY, END_ARRAY -> "a list";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE -> "true";
      case VALUE_FALSE -> "false";
      case VALUE_NULL -> "null";
      default -> "another kind of value";
    };
  }

  /**
   * An integer field: a JSON number without a fractional part (or such a number in quotes, as
   * Jackson accepts for numbers), within the Java type's range.
   */
  static final class WholeNumber<T extends Number> extends StdDeserializer<T> {
    private final Function<BigDecimal, T> exact;

    WholeNumber(Class<T> type, Function<BigDecimal, T> exact) {
      super(type);
      this.exact = exact;
    }

    @Override
    public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonToken t = p.currentToken();
      String text =
          switch (t) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getText();
            case VALUE_STRING -> p.getText().trim();
            default -> throw new Refused(p, handledType(), "must be an integer, was " + kind(t));
          };
      String shown = t == JsonToken.VALUE_STRING ? "\"" + text + "\"" : text;
      BigDecimal d;
      try {
        d = new BigDecimal(text);
      } catch (NumberFormatException e) {
        throw new Refused(p, handledType(), "must be an integer, was " + shown);
      }
      if (d.signum() != 0 && d.stripTrailingZeros().scale() > 0) {
        throw new Refused(p, handledType(), "must be an integer, was " + shown);
      }
      try {
        return exact.apply(d);
      } catch (ArithmeticException e) {
        throw new Refused(p, handledType(), "is out of range, was " + shown);
      }
    }
  }

  /**
   * A field that holds either an id (a JSON string) or an object; anything else is refused saying
   * so.
   */
  abstract static class IdOrObject<T> extends StdDeserializer<T> {
    private final String expected;

    /**
     * @param expected what the field holds, to follow "must be": "a preset id or an object"
     */
    IdOrObject(Class<T> type, String expected) {
      super(type);
      this.expected = expected;
    }

    abstract T id(String id);

    /** Reads the object; the parser is at its start. */
    abstract T object(JsonParser p, DeserializationContext ctxt) throws IOException;

    @Override
    public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonToken t = p.currentToken();
      return switch (t) {
        case VALUE_STRING -> id(p.getText());
        case START_OBJECT -> object(p, ctxt);
        default -> throw new Refused(p, handledType(), "must be " + expected + ", was " + kind(t));
      };
    }
  }
}
