package org.llmadvisor.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the published reference tables under {@code src/test/resources/reference/}. */
public final class ReferenceCsv {

  private ReferenceCsv() {}

  public static List<Map<String, String>> read(String file) {
    try (InputStream in = ReferenceCsv.class.getResourceAsStream("/reference/" + file)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      List<List<String>> rows = parse(text);
      List<String> header = rows.get(0);
      List<Map<String, String>> out = new ArrayList<>();
      for (List<String> r : rows.subList(1, rows.size())) {
        if (r.size() == 1 && r.get(0).isBlank()) {
          continue;
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
          m.put(header.get(i), i < r.size() ? r.get(i) : "");
        }
        out.add(m);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<List<String>> parse(String s) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        row.add(cell.toString());
        cell.setLength(0);
      } else if (c == '\n') {
        row.add(cell.toString());
        cell.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
      } else if (c != '\r') {
        cell.append(c);
      }
    }
    if (cell.length() > 0 || !row.isEmpty()) {
      row.add(cell.toString());
      rows.add(row);
    }
    return rows;
  }
}
