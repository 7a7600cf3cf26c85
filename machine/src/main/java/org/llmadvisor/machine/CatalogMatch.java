package org.llmadvisor.machine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.llmadvisor.core.hardware.Hardware;

/**
 * Finds a detected GPU in the hardware catalog, which supplies its bandwidth and FLOP/s.
 *
 * <p>Names are compared as sets of model words, because vendors' tools and spec sheets spell the
 * same card differently ({@code NVIDIA A100-SXM4-80GB} and {@code NVIDIA A100 80GB SXM4}). Memory
 * sizes are compared as numbers, not words, so 8 and 16 GB variants stay apart; a form factor or a
 * GPU core count must agree when both names give one. A name with an extra word ({@code Laptop},
 * {@code Max-Q}, {@code A10G}) does not match: a laptop RTX 4090 is not a desktop one. When more
 * than one row fits, none is chosen.
 */
public final class CatalogMatch {

  /** Words that carry no model identity. */
  private static final Set<String> NOISE =
      Set.of(
          "nvidia",
          "geforce",
          "amd",
          "radeon",
          "apple",
          "tesla",
          "generation",
          "edition",
          "gpu",
          "graphics");

  private static final Pattern MEMORY = Pattern.compile("\\d+gb|hbm\\w*|gddr\\w*");
  private static final Pattern FORM = Pattern.compile("pcie|sxm\\d*");
  private static final Pattern CORES = Pattern.compile("(\\d+)-core");

  /** Detected memory may differ from the catalog's by this share (ECC, firmware reservations). */
  private static final double MEMORY_TOLERANCE = 0.15;

  private CatalogMatch() {}

  /** The matched device, or why there is none. */
  public record Result(Optional<Hardware> hardware, Optional<String> note) {}

  public static Result match(Gpu gpu, List<Hardware> catalog) {
    Key detected = key(gpu.name());
    List<Hardware> fits = new ArrayList<>();
    for (Hardware h : catalog) {
      if (h.kind() == Hardware.Kind.CPU) {
        continue;
      }
      Key k = key(h.name());
      boolean sameModel = k.words().equals(detected.words());
      boolean formAgrees =
          k.form().isEmpty() || detected.form().isEmpty() || k.form().equals(detected.form());
      boolean coresAgree =
          k.cores().isEmpty() || detected.cores().isEmpty() || k.cores().equals(detected.cores());
      boolean memoryAgrees =
          h.kind() == Hardware.Kind.APPLE
              || Math.abs(gpu.memory().bytes() - h.memory().bytes())
                  <= MEMORY_TOLERANCE * h.memory().bytes();
      if (sameModel && formAgrees && coresAgree && memoryAgrees) {
        fits.add(h);
      }
    }
    if (fits.size() == 1) {
      return new Result(Optional.of(fits.get(0)), Optional.empty());
    }
    if (fits.isEmpty()) {
      return new Result(
          Optional.empty(),
          Optional.of(
              gpu.name()
                  + " is not in the hardware catalog: no bandwidth or FLOP/s for it (add a row to the catalog file)"));
    }
    return new Result(
        Optional.empty(),
        Optional.of(
            gpu.name()
                + " fits several catalog rows ("
                + fits.stream().map(Hardware::id).collect(Collectors.joining(", "))
                + "): none chosen"));
  }

  /** The words of a name that identify a model, plus form factor and GPU cores when named. */
  record Key(Set<String> words, Optional<String> form, Optional<String> cores) {}

  static Key key(String name) {
    String s = name.toLowerCase(Locale.ROOT);
    Optional<String> cores = Optional.empty();
    Matcher c = CORES.matcher(s);
    if (c.find()) {
      cores = Optional.of(c.group(1));
      s = c.replaceAll(" ");
    }
    Set<String> words = new TreeSet<>();
    Optional<String> form = Optional.empty();
    for (String w : s.split("[\\s\\-_(),/]+")) {
      if (w.isEmpty() || NOISE.contains(w) || MEMORY.matcher(w).matches()) {
        continue;
      }
      if (FORM.matcher(w).matches()) {
        form = Optional.of(w.startsWith("sxm") ? "sxm" : w);
        continue;
      }
      words.add(w);
    }
    return new Key(words, form, cores);
  }
}
