package org.llmadvisor.core.workload;

/**
 * One continuous-batching server: its queue, the prompt in progress and the sequences generating in
 * its slots. Requests are their index in the traffic; the batch is kept in plain arrays because
 * every event walks it. A server is brought up to date only when an event touches it.
 */
final class BatchingServer {
  /**
   * Requests sent here and not yet in prompt processing, oldest first (a ring): the first {@code
   * admitted} hold a slot and wait for the prompt in progress, the rest wait for a slot.
   */
  private int[] queue = new int[16];

  private int head;
  private int queued;
  private int admitted;

  /** Tokens each generating sequence has left, and which request it is. */
  final double[] remaining;

  final int[] active;
  int generating;
  int prefilling = -1;
  double prefillEnd = Double.POSITIVE_INFINITY;
  double tDecode;
  double minRemaining;
  double busy;
  double batchTime;
  double decodeTime;

  /** The time the state above is current to: a server is brought up to date when touched. */
  double updated;

  BatchingServer(int slots) {
    remaining = new double[slots];
    active = new int[slots];
  }

  void enqueue(int request) {
    if (queued == queue.length) {
      int[] grown = new int[queue.length * 2];
      for (int i = 0; i < queued; i++) {
        grown[i] = queue[(head + i) & (queue.length - 1)];
      }
      queue = grown;
      head = 0;
    }
    queue[(head + queued++) & (queue.length - 1)] = request;
  }

  /** When the batch's next sequence finishes, if the server is generating. */
  void nextDecode(ServerModel m, double t) {
    tDecode = Double.POSITIVE_INFINITY;
    minRemaining = Double.POSITIVE_INFINITY;
    int k = generating;
    if (prefilling < 0 && k > 0) {
      double min = Double.POSITIVE_INFINITY;
      for (int i = 0; i < k; i++) {
        min = Math.min(min, remaining[i]);
      }
      minRemaining = min;
      tDecode = t + min * m.stepSeconds(k);
    }
  }

  double nextEvent() {
    return Math.min(prefillEnd, tDecode);
  }

  void advance(ServerModel m, double tn) {
    int k = generating;
    double dt = Math.max(0, tn - updated);
    updated = tn;
    if (prefilling >= 0 || k > 0) {
      busy += dt;
    }
    if (prefilling < 0 && k > 0) {
      // advance by whole-event progress, not by dt, so rounding of large clock values never
      // leaves a sequence a hair short of done
      double progress = tn == tDecode ? minRemaining : dt / m.stepSeconds(k);
      for (int i = 0; i < k; i++) {
        remaining[i] -= progress;
      }
      batchTime += dt * k;
      decodeTime += dt;
    }
  }

  boolean idle() {
    return queued == 0 && prefilling < 0 && generating == 0;
  }

  /** The end of the prompt of the last request {@link #serveAlone} served. */
  double updatedPrefillEnd;

  /**
   * Serves {@code request}, arrived at {@code t} to this idle server, when it is done before {@code
   * nextArrival} (negative when none follows) or at that instant, since a server's own event goes
   * before an arrival at the same time: the prompt's end and the generation's end are computed, and
   * the server's clocks advanced, by the same operations in the same order as the events {@link
   * ServingSimulation#runEvents} would process, so the result is the same to the bit. Returns the
   * time it is done, or NaN (with nothing changed) when another request arrives before that.
   */
  double serveAlone(
      ServerModel m, int request, double t, long prompt, long output, double nextArrival) {
    double promptEnd = t + prompt / m.prefillTokensPerSecond();
    double left = output - 1;
    double end = left <= 0 ? promptEnd : promptEnd + left * m.stepSeconds(1);
    if (nextArrival >= 0 && nextArrival < end) {
      return Double.NaN;
    }
    busy += Math.max(0, promptEnd - updated);
    if (left > 0) {
      double dt = Math.max(0, end - promptEnd);
      busy += dt;
      batchTime += dt * 1;
      decodeTime += dt;
    }
    updated = end;
    updatedPrefillEnd = promptEnd;
    return end;
  }

  /** Starts generating {@code request} with {@code tokens} left. */
  void generate(int request, double tokens) {
    remaining[generating] = tokens;
    active[generating++] = request;
  }

  void admit(ServerModel m, double t, long[] prompts) {
    while (queued > admitted && generating + admitted + (prefilling < 0 ? 0 : 1) < m.slots()) {
      admitted++;
    }
    if (prefilling < 0 && admitted > 0) {
      prefilling = queue[head];
      head = (head + 1) & (queue.length - 1);
      queued--;
      admitted--;
      prefillEnd = t + prompts[prefilling] / m.prefillTokensPerSecond();
    }
  }
}
