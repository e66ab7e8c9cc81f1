/**
 * When the emulator answered each request during one operation, from its per-request log line
 * (written once the response is ready, after the configured latency). With a fixed latency and a
 * handler that takes well under a millisecond, a request was in flight during
 * [answered − latency, answered], which is enough to tell start-up time from API time and to see
 * how many calls the client really had in flight.
 */

/** The API side of one operation's timing. */
export interface ApiTiming {
  /** Requests the emulator answered. */
  requests: number;
  /** Milliseconds from the operation's start to its first request (process start-up, program, plan). */
  beforeFirstRequestMs: number | null;
  /** Milliseconds from the first request's arrival to the last response. */
  apiWindowMs: number | null;
  /** Milliseconds from the last response to the operation's end (state write, shutdown). */
  afterLastResponseMs: number | null;
  /** The most requests in flight at once. */
  peakInFlight: number;
  /** Requests in flight on average over the API window (requests × latency ÷ window). */
  meanInFlight: number | null;
}

/** Collects answer times from the emulator's `logger` option. */
export class RequestTimeline {
  private answeredAt: number[] = [];

  /** @param latencyMs the emulator's per-request latency. */
  constructor(private readonly latencyMs: number) {}

  /** Pass as the emulator's `logger`: records the time of every "METHOD path -> status" line. */
  readonly logger = (line: string): void => {
    if (/ -> \d{3}$/.test(line)) this.answeredAt.push(performance.now());
  };

  /** Forgets the recorded times (call right before an operation starts). */
  reset(): void {
    this.answeredAt = [];
  }

  /** The timing of the requests recorded since {@link reset}, for an operation that ran from `start` to `end` (performance.now()). */
  summarise(start: number, end: number): ApiTiming {
    const answered = [...this.answeredAt].sort((a, b) => a - b);
    if (answered.length === 0) {
      return {
        requests: 0,
        beforeFirstRequestMs: null,
        apiWindowMs: null,
        afterLastResponseMs: null,
        peakInFlight: 0,
        meanInFlight: null,
      };
    }
    const firstArrival = Math.max(start, answered[0] - this.latencyMs);
    const last = answered[answered.length - 1];
    const window = Math.max(1, last - firstArrival);
    return {
      requests: answered.length,
      beforeFirstRequestMs: firstArrival - start,
      apiWindowMs: last - firstArrival,
      afterLastResponseMs: end - last,
      peakInFlight: this.latencyMs > 0 ? peak(answered, this.latencyMs) : 1,
      meanInFlight: this.latencyMs > 0 ? (answered.length * this.latencyMs) / window : null,
    };
  }
}

/**
 * The largest number of [t − latency, t] intervals that overlap, by a sweep over sorted ends.
 * Timer jitter under load delays some answers by a few milliseconds, which would make a request
 * sent right after another's answer seem to overlap it; a tenth of the latency absorbs that.
 */
function peak(sortedAnswers: number[], latencyMs: number): number {
  const span = latencyMs * 0.9;
  let best = 0;
  let startIndex = 0;
  for (let end = 0; end < sortedAnswers.length; end++) {
    // Intervals that ended before this one began no longer overlap it.
    while (sortedAnswers[startIndex] <= sortedAnswers[end] - span) startIndex++;
    best = Math.max(best, end - startIndex + 1);
  }
  return best;
}
