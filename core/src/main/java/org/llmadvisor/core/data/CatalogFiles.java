package org.llmadvisor.core.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Loads a catalog section (e.g. {@code models}) from the bundled data file and, when given, from a
 * user's file whose rows replace bundled rows with the same id or add new ones.
 */
public final class CatalogFiles {

  private static final ObjectMapper JSON = new ObjectMapper();

  private CatalogFiles() {}

  /** A row parser gets the row and a label like {@code models.json row 3 (id llama-2-7b)}. */
  public interface RowParser<T> {
    T parse(JsonNode row, String where);
  }

  public static <T> List<T> load(
      String resource,
      String section,
      Optional<Path> userFile,
      RowParser<T> parser,
      Function<T, String> id) {
    return load(resource, section, "id", userFile, parser, id);
  }

  /** As {@link #load}, with rows keyed by {@code idField} instead of {@code id}. */
  public static <T> List<T> load(
      String resource,
      String section,
      String idField,
      Optional<Path> userFile,
      RowParser<T> parser,
      Function<T, String> id) {
    Map<String, T> rows = new LinkedHashMap<>();
    for (T t : rows(readResource(resource), resource, section, idField, parser)) {
      rows.put(id.apply(t), t);
    }
    if (userFile.isPresent()) {
      Path p = userFile.get();
      JsonNode root = readFile(p);
      if (root.has(section)) {
        for (T t : rows(root, p.toString(), section, idField, parser)) {
          rows.put(id.apply(t), t);
        }
      }
    }
    return List.copyOf(rows.values());
  }

  /** The bundled file's root node, for sections that are objects rather than rows. */
  public static JsonNode bundled(String resource) {
    return readResource(resource);
  }

  /** The user's file's root node, or an empty object. */
  public static JsonNode user(Optional<Path> file) {
    return file.map(CatalogFiles::readFile).orElseGet(() -> JSON.createObjectNode());
  }

  private static <T> List<T> rows(
      JsonNode root, String file, String section, String idField, RowParser<T> p) {
    JsonNode arr = root.get(section);
    if (arr == null || !arr.isArray()) {
      throw new CatalogException(file + ": '" + section + "' must be an array");
    }
    List<T> out = new ArrayList<>();
    for (int i = 0; i < arr.size(); i++) {
      JsonNode row = arr.get(i);
      String id = row.hasNonNull(idField) ? row.get(idField).asText() : "?";
      String where = file + " " + section + "[" + i + "] (" + idField + " " + id + ")";
      if (!row.hasNonNull(idField)) {
        throw new CatalogException(where + ": field '" + idField + "' is required");
      }
      try {
        out.add(p.parse(row, where));
      } catch (CatalogException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new CatalogException(where + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  private static JsonNode readResource(String resource) {
    try (InputStream in = CatalogFiles.class.getResourceAsStream("/catalog/" + resource)) {
      if (in == null) {
        throw new CatalogException("bundled catalog file /catalog/" + resource + " is missing");
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new CatalogException("bundled catalog file " + resource + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode readFile(Path p) {
    try {
      return JSON.readTree(Files.readString(p));
    } catch (IOException e) {
      throw new CatalogException(p + ": cannot read catalog file: " + e.getMessage(), e);
    }
  }

  public static String text(JsonNode row, String field, String where) {
    JsonNode v = row.get(field);
    if (v == null || v.isNull() || v.asText().isBlank()) {
      throw new CatalogException(where + ": field '" + field + "' is required");
    }
    return v.asText();
  }

  public static Optional<String> optText(JsonNode row, String field) {
    JsonNode v = row.get(field);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
  }

  public static Optional<Double> optNumber(JsonNode row, String field, String where) {
    JsonNode v = row.get(field);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isNumber()) {
      throw new CatalogException(where + ": field '" + field + "' must be a number, was " + v);
    }
    double d = v.asDouble();
    if (!Double.isFinite(d) || d < 0) {
      throw new CatalogException(where + ": field '" + field + "' must be >= 0, was " + v);
    }
    return Optional.of(d);
  }
}
