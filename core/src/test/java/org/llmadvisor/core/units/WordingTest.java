package org.llmadvisor.core.units;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class WordingTest {

  @Test
  void should_count_in_the_singular_only_for_one() {
    assertThat(Wording.count(1, "server")).isEqualTo("1 server");
    assertThat(Wording.count(3, "parallel slot")).isEqualTo("3 parallel slots");
    assertThat(Wording.count(0, "server")).isEqualTo("0 servers");
    assertThat(Wording.count(1200, "request")).isEqualTo("1,200 requests");
  }

  @Test
  void should_print_numbers_the_same_whatever_the_default_locale() {
    Locale before = Locale.getDefault();
    try {
      Locale.setDefault(Locale.GERMANY);
      assertThat(Wording.f("%,.2f and %,d", 1234.5, 1234567)).isEqualTo("1,234.50 and 1,234,567");
    } finally {
      Locale.setDefault(before);
    }
  }
}
