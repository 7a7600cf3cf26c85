package org.llmadvisor.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.llmadvisor.core.units.Wording;

/** A plain text table: a header row, left-aligned text and right-aligned numbers. */
final class Table {

  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();
  private final boolean[] right;

  /** Column names; a name starting with '>' is right-aligned (the '>' is not shown). */
  Table(String... columns) {
    header = new ArrayList<>();
    right = new boolean[columns.length];
    for (int i = 0; i < columns.length; i++) {
      right[i] = columns[i].startsWith(">");
      header.add(right[i] ? columns[i].substring(1) : columns[i]);
    }
  }

  Table row(Object... cells) {
    List<String> r = new ArrayList<>();
    for (Object c : cells) {
      r.add(c == null ? "-" : c.toString());
    }
    rows.add(r);
    return this;
  }

  void print(PrintWriter out) {
    int[] width = new int[header.size()];
    for (List<String> r : concat()) {
      for (int i = 0; i < r.size(); i++) {
        width[i] = Math.max(width[i], r.get(i).length());
      }
    }
    for (List<String> r : concat()) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.size(); i++) {
        String cell = r.get(i);
        String pad = " ".repeat(width[i] - cell.length());
        line.append(right[i] ? pad + cell : cell + (i == r.size() - 1 ? "" : pad));
        if (i < r.size() - 1) {
          line.append("  ");
        }
      }
      out.println(line.toString().stripTrailing());
    }
  }

  private List<List<String>> concat() {
    List<List<String>> all = new ArrayList<>();
    if (header.stream().anyMatch(h -> !h.isEmpty())) {
      all.add(header);
    }
    all.addAll(rows);
    return all;
  }

  static String gib(long bytes) {
    return Wording.f("%.1f GiB", bytes / (1024.0 * 1024 * 1024));
  }

  static String num(Double v, String format) {
    return v == null ? "-" : Wording.f(format, v);
  }

  static String count(long n) {
    return Wording.f("%,d", n);
  }
}
