/** A token bucket: CloudWorks publishes no limits (§13), so the numbers are the caller's. */
import type { RateLimitOptions } from "./types";

/** @internal Token-bucket limiter; `take` answers how long to wait when the bucket is empty. */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(private readonly options: RateLimitOptions) {
    this.tokens = options.capacity;
    this.updatedAt = Date.now();
  }

  /** Take one token; returns 0 when allowed, else the whole seconds until a token is available. */
  take(now: number = Date.now()): number {
    const elapsed = (now - this.updatedAt) / 1000;
    this.tokens = Math.min(
      this.options.capacity,
      this.tokens + elapsed * this.options.refillPerSecond,
    );
    this.updatedAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - this.tokens) / this.options.refillPerSecond));
  }
}
