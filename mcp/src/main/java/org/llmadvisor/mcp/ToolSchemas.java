package org.llmadvisor.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.llmadvisor.service.AdviceRequestBody;
import org.llmadvisor.service.HardwareRef;
import org.llmadvisor.service.ModelRef;

/**
 * JSON Schemas of tool arguments, derived from the request records the HTTP API reads, so the
 * schema a client sees cannot drift from what the server accepts: every record component is a
 * property, with its JSON type; a field that takes an id or an object ({@link ModelRef}, {@link
 * HardwareRef}, an advice device) is {@code anyOf} both. Descriptions are written beside the tool
 * ({@link AdvisorTools}) and keyed by the property's path ({@code workload.requestsPerDay}); a
 * list's items share the list's path.
 */
public final class ToolSchemas {

  private ToolSchemas() {}

  /** The schema of a request record, with descriptions by path. */
  public static Map<String, Object> of(Class<? extends Record> type, Map<String, String> docs) {
    return object(type, "", docs);
  }

  /** The schema of a tool without arguments. */
  public static Map<String, Object> none() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("type", "object");
    s.put("properties", Map.of());
    s.put("additionalProperties", false);
    return s;
  }

  private static Map<String, Object> object(Class<?> type, String path, Map<String, String> docs) {
    Map<String, Object> properties = new LinkedHashMap<>();
    for (RecordComponent c : type.getRecordComponents()) {
      String at = path.isEmpty() ? c.getName() : path + "." + c.getName();
      Map<String, Object> p = value(c.getGenericType(), at, docs);
      String doc = docs.get(at);
      if (doc != null) {
        p.put("description", doc);
      }
      properties.put(c.getName(), p);
    }
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("type", "object");
    s.put("properties", properties);
    s.put("additionalProperties", false);
    return s;
  }

  private static Map<String, Object> value(Type t, String path, Map<String, String> docs) {
    if (t instanceof ParameterizedType p && p.getRawType() == List.class) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("type", "array");
      s.put("items", value(p.getActualTypeArguments()[0], path, docs));
      return s;
    }
    Class<?> c = (Class<?>) t;
    if (c == String.class) {
      return type("string");
    }
    if (c == Long.class || c == long.class || c == Integer.class || c == int.class) {
      return type("integer");
    }
    if (c == Double.class || c == double.class) {
      return type("number");
    }
    if (c == Boolean.class || c == boolean.class) {
      return type("boolean");
    }
    if (c == ModelRef.class) {
      return anyOf(type("string"), type("object"));
    }
    if (c == HardwareRef.class) {
      return anyOf(type("string"), object(HardwareRef.Spec.class, path, docs));
    }
    if (c == AdviceRequestBody.Device.class) {
      return anyOf(type("string"), object(AdviceRequestBody.Device.Described.class, path, docs));
    }
    if (c == ObjectNode.class || c == Map.class) {
      return type("object");
    }
    if (c.isRecord()) {
      return object(c, path, docs);
    }
    throw new IllegalArgumentException("no JSON Schema for " + c.getName() + " at " + path);
  }

  private static Map<String, Object> type(String name) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("type", name);
    return s;
  }

  private static Map<String, Object> anyOf(Map<String, Object> a, Map<String, Object> b) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("anyOf", new ArrayList<>(List.of(a, b)));
    return s;
  }
}
