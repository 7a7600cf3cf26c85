package org.llmadvisor.app.ledger;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.llmadvisor.providers.metering.CallRecord;

/**
 * An append-only file of call records: the ledger's write-ahead log in embedded mode. A call is
 * answered once its record is in this file; the records reach the database later, many per
 * transaction. Why: an embedded H2 commit rewrites whole B-tree pages of the table and both
 * indexes, so one commit per call cost about half a millisecond of CPU on the gateway's hot path,
 * while appending a few hundred bytes costs a system call.
 *
 * <p>Format: segments {@code calls-<n>.journal}; each record is a frame {@code [int length][int
 * crc32c][payload]}. A frame cut short by a crash, or failing its checksum, ends its segment; a
 * record that was never completely written was never answered. After a restart appending starts in
 * a new segment, so a torn tail is never appended to.
 */
final class CallJournal implements AutoCloseable {

  /** A call as the ledger stores it: the record and the budget reservation it settles. */
  record Entry(String requestId, CallRecord record, BigDecimal reservation) {}

  /** A place in the journal: a segment number and a byte offset inside it. */
  record Position(long segment, long offset) {}

  /** An entry read back, with the position just after it. */
  record Recovered(Entry entry, Position end) {}

  private static final int VERSION = 1;
  private static final int HEADER = 8;
  private static final int MAX_FRAME = 1 << 20;
  private static final String PREFIX = "calls-";
  private static final String SUFFIX = ".journal";

  private final Path dir;
  private final long maxSegmentBytes;
  private final boolean fsync;
  private FileChannel channel;
  private long segment;
  private long offset;
  private ByteBuffer buffer = ByteBuffer.allocate(4096);

  /** Opens a new segment numbered {@code segment} for appending. */
  CallJournal(Path dir, long segment, long maxSegmentBytes, boolean fsync) throws IOException {
    this.dir = Files.createDirectories(dir);
    this.maxSegmentBytes = maxSegmentBytes;
    this.fsync = fsync;
    open(segment);
  }

  private void open(long n) throws IOException {
    channel =
        FileChannel.open(file(dir, n), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    segment = n;
    offset = 0;
  }

  static Path file(Path dir, long segment) {
    return dir.resolve(String.format("%s%012d%s", PREFIX, segment, SUFFIX));
  }

  /**
   * Appends the entries in one write and returns the position after the last. The caller holds the
   * single writer's lock. With {@code fsync} the data is forced to the device before returning
   * (survives power loss); without, it is in the operating system's cache (survives the process
   * being killed), which is what the embedded database itself guarantees.
   */
  Position append(List<Entry> entries) throws IOException {
    buffer.clear();
    for (Entry e : entries) {
      buffer = frame(buffer, e);
    }
    buffer.flip();
    while (buffer.hasRemaining()) {
      offset += channel.write(buffer, offset);
    }
    if (fsync) {
      channel.force(false);
    }
    Position end = new Position(segment, offset);
    if (offset >= maxSegmentBytes) {
      channel.close();
      open(segment + 1);
    }
    return end;
  }

  /** The segment numbers present, oldest first. */
  static List<Long> segments(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith(PREFIX) && n.endsWith(SUFFIX))
          .map(n -> n.substring(PREFIX.length(), n.length() - SUFFIX.length()))
          .filter(n -> !n.isEmpty() && n.chars().allMatch(Character::isDigit))
          .map(Long::parseLong)
          .sorted()
          .toList();
    }
  }

  /**
   * Every complete entry from {@code from} on, across segments, in the order written. Each segment
   * is read up to its first incomplete or damaged frame.
   */
  static List<Recovered> readFrom(Path dir, Position from) throws IOException {
    List<Recovered> out = new ArrayList<>();
    for (long n : segments(dir)) {
      if (n < from.segment()) {
        continue;
      }
      ByteBuffer data = ByteBuffer.wrap(Files.readAllBytes(file(dir, n)));
      if (n == from.segment()) {
        data.position((int) Math.min(from.offset(), data.limit()));
      }
      Entry e;
      while ((e = unframe(data)) != null) {
        out.add(new Recovered(e, new Position(n, data.position())));
      }
    }
    return out;
  }

  /** Deletes the segments before {@code segment}: everything in them is in the database. */
  static void deleteBefore(Path dir, long segment) throws IOException {
    for (long n : segments(dir)) {
      if (n < segment) {
        Files.deleteIfExists(file(dir, n));
      }
    }
  }

  long segment() {
    return segment;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  // --- frames

  /** Appends one frame to {@code b}, growing it as needed; returns the buffer to keep using. */
  static ByteBuffer frame(ByteBuffer b, Entry e) {
    while (true) {
      int start = b.position();
      try {
        b.position(start + HEADER);
        writePayload(b, e);
        int length = b.position() - start - HEADER;
        CRC32C crc = new CRC32C();
        crc.update(b.array(), b.arrayOffset() + start + HEADER, length);
        b.putInt(start, length).putInt(start + 4, (int) crc.getValue());
        return b;
      } catch (java.nio.BufferOverflowException | IllegalArgumentException full) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(b.capacity() * 2, 4096));
        b.limit(start).position(0);
        bigger.put(b);
        b = bigger;
      }
    }
  }

  /** The next entry of {@code b}, or null at the end or at an incomplete or damaged frame. */
  static Entry unframe(ByteBuffer b) {
    if (b.remaining() < HEADER) {
      return null;
    }
    int start = b.position();
    int length = b.getInt(start);
    int sum = b.getInt(start + 4);
    if (length <= 0 || length > MAX_FRAME || b.remaining() < HEADER + length) {
      return null;
    }
    CRC32C crc = new CRC32C();
    crc.update(b.array(), b.arrayOffset() + start + HEADER, length);
    if ((int) crc.getValue() != sum) {
      return null;
    }
    ByteBuffer payload = b.slice(start + HEADER, length);
    try {
      Entry e = readPayload(payload);
      b.position(start + HEADER + length);
      return e;
    } catch (BufferUnderflowException
        | IllegalArgumentException
        | java.time.DateTimeException bad) {
      return null;
    }
  }

  private static void writePayload(ByteBuffer b, Entry e) {
    CallRecord r = e.record();
    b.put((byte) VERSION);
    putString(b, e.requestId());
    putString(b, r.deploymentId());
    putString(b, r.provider());
    putString(b, r.model());
    b.putLong(r.startedAt().getEpochSecond()).putInt(r.startedAt().getNano());
    b.put((byte) ((r.streaming() ? 1 : 0) | (r.tokensCounted() ? 2 : 0)));
    b.put((byte) (r.zeroMarginalCost() ? 1 : 0));
    b.putLong(r.promptTokens()).putLong(r.completionTokens());
    b.putLong(r.timeToFirstTokenMs() == null ? -1 : r.timeToFirstTokenMs());
    b.putLong(r.latencyMs());
    putString(b, r.costUsd().toPlainString());
    putString(b, r.outcome());
    putString(b, r.errorClass());
    putString(b, e.reservation().toPlainString());
  }

  private static Entry readPayload(ByteBuffer b) {
    if (b.get() != VERSION) {
      throw new IllegalArgumentException("unknown journal record version");
    }
    String requestId = getString(b);
    String deploymentId = getString(b);
    String provider = getString(b);
    String model = getString(b);
    Instant startedAt = Instant.ofEpochSecond(b.getLong(), b.getInt());
    byte flags = b.get();
    boolean zeroMarginal = b.get() == 1;
    long prompt = b.getLong();
    long completion = b.getLong();
    long ttft = b.getLong();
    long latency = b.getLong();
    BigDecimal cost = new BigDecimal(getString(b));
    String outcome = getString(b);
    String errorClass = getString(b);
    BigDecimal reservation = new BigDecimal(getString(b));
    return new Entry(
        requestId,
        new CallRecord(
            deploymentId,
            provider,
            model,
            startedAt,
            (flags & 1) != 0,
            prompt,
            completion,
            (flags & 2) != 0,
            ttft < 0 ? null : ttft,
            latency,
            cost,
            zeroMarginal,
            outcome,
            errorClass),
        reservation);
  }

  /** A length-prefixed UTF-8 string; length -1 is null. */
  private static void putString(ByteBuffer b, String s) {
    if (s == null) {
      b.putInt(-1);
      return;
    }
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    b.putInt(bytes.length).put(bytes);
  }

  private static String getString(ByteBuffer b) {
    int n = b.getInt();
    if (n == -1) {
      return null;
    }
    if (n < 0 || n > b.remaining()) {
      throw new IllegalArgumentException("bad string length");
    }
    byte[] bytes = new byte[n];
    b.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
