package org.llmadvisor.app.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmadvisor.app.ledger.CallJournal.Entry;
import org.llmadvisor.app.ledger.CallJournal.Position;
import org.llmadvisor.app.ledger.CallJournal.Recovered;
import org.llmadvisor.providers.metering.CallRecord;

class CallJournalTest {

  @TempDir Path dir;

  private static Entry entry(int i) {
    return new Entry(
        "req-" + i,
        new CallRecord(
            "cloud-é" + i,
            "openai",
            "gpt-4o-mini",
            Instant.parse("2026-11-28T10:15:30.123456789Z").plusSeconds(i),
            i % 2 == 0,
            100 + i,
            20 + i,
            i % 3 == 0,
            i % 4 == 0 ? null : (long) i,
            250 + i,
            new BigDecimal("0.0000187500").add(BigDecimal.valueOf(i, 10)),
            i % 5 == 0,
            i % 7 == 0 ? "error" : "success",
            i % 7 == 0 ? "RATE_LIMITED" : null),
        new BigDecimal("0.0000480000"));
  }

  @Test
  void should_read_back_every_field_exactly() throws IOException {
    List<Entry> written = new ArrayList<>();
    try (CallJournal j = new CallJournal(dir, 1, 1 << 20, true)) {
      for (int i = 0; i < 30; i++) {
        List<Entry> group = List.of(entry(2 * i), entry(2 * i + 1));
        j.append(group);
        written.addAll(group);
      }
    }
    List<Recovered> read = CallJournal.readFrom(dir, new Position(0, 0));
    assertThat(read.stream().map(Recovered::entry).toList()).isEqualTo(written);
    assertThat(read.get(read.size() - 1).end())
        .isEqualTo(new Position(1, Files.size(CallJournal.file(dir, 1))));
  }

  @Test
  void should_resume_after_the_applied_position_and_across_segments() throws IOException {
    Position afterTen;
    try (CallJournal j = new CallJournal(dir, 3, 2_000, false)) {
      Position p = null;
      for (int i = 0; i < 10; i++) {
        p = j.append(List.of(entry(i)));
      }
      afterTen = p;
      for (int i = 10; i < 40; i++) {
        j.append(List.of(entry(i)));
      }
      assertThat(j.segment()).as("rolled over at 2,000 bytes").isGreaterThan(3);
    }
    List<Recovered> rest = CallJournal.readFrom(dir, afterTen);
    assertThat(rest).hasSize(30);
    assertThat(rest.get(0).entry().requestId()).isEqualTo("req-10");
    assertThat(rest.get(29).entry().requestId()).isEqualTo("req-39");

    CallJournal.deleteBefore(dir, rest.get(29).end().segment());
    assertThat(CallJournal.segments(dir)).containsExactly(rest.get(29).end().segment());
  }

  @Test
  void should_stop_a_segment_at_a_torn_or_damaged_frame() throws IOException {
    try (CallJournal j = new CallJournal(dir, 1, 1 << 20, false)) {
      for (int i = 0; i < 5; i++) {
        j.append(List.of(entry(i)));
      }
    }
    Path f = CallJournal.file(dir, 1);
    long full = Files.size(f);
    // a crash in the middle of the last write
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      raf.setLength(full - 7);
    }
    assertThat(CallJournal.readFrom(dir, new Position(0, 0))).hasSize(4);

    // one flipped byte inside the third record's payload fails its checksum
    List<Recovered> four = CallJournal.readFrom(dir, new Position(0, 0));
    long third = four.get(1).end().offset();
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      raf.seek(third + 20);
      int b = raf.read();
      raf.seek(third + 20);
      raf.write(b ^ 0x40);
    }
    assertThat(CallJournal.readFrom(dir, new Position(0, 0)))
        .extracting(r -> r.entry().requestId())
        .containsExactly("req-0", "req-1");

    // a later segment (written after the restart) is still read
    try (CallJournal j = new CallJournal(dir, 2, 1 << 20, false)) {
      j.append(List.of(entry(9)));
    }
    assertThat(CallJournal.readFrom(dir, new Position(0, 0)))
        .extracting(r -> r.entry().requestId())
        .containsExactly("req-0", "req-1", "req-9");
  }

  @Test
  void should_grow_its_buffer_for_large_records() {
    ByteBuffer b = ByteBuffer.allocate(16);
    Entry big =
        new Entry(
            "r",
            new CallRecord(
                "d".repeat(10_000),
                "ollama",
                "m",
                Instant.EPOCH,
                false,
                1,
                1,
                true,
                null,
                1,
                BigDecimal.ZERO,
                true,
                "success",
                null),
            BigDecimal.ZERO);
    b = CallJournal.frame(b, entry(1));
    b = CallJournal.frame(b, big);
    b.flip();
    assertThat(CallJournal.unframe(b)).isEqualTo(entry(1));
    assertThat(CallJournal.unframe(b)).isEqualTo(big);
    assertThat(CallJournal.unframe(b)).isNull();
  }
}
