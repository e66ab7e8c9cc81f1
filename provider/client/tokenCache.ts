import { Log } from "./logging";
import { TokenInfo } from "./types";

/** A token held by the cache. @internal */
export interface CachedToken {
  /** The token value. */
  value: string;
  /** Expiry, epoch milliseconds, as the auth service stated it. */
  expiresAt: number;
  /** When it was obtained or last refreshed, epoch milliseconds. */
  obtainedAt: number;
}

/** What the cache needs to obtain tokens for one identity. @internal */
export interface TokenSource {
  /** Authenticates from scratch. */
  authenticate(): Promise<TokenInfo>;
  /** Extends the lifetime of a still-valid token. */
  refresh(tokenValue: string): Promise<TokenInfo>;
}

interface Entry {
  token?: CachedToken;
  pending?: Promise<CachedToken>;
}

const FIVE_MINUTES = 5 * 60 * 1000;
// With less life left than this, a refresh would race the expiry; authenticate instead.
const MAX_REFRESH_FLOOR_MS = 2000;

/**
 * How long before expiry a token is refreshed: 5 minutes, or a third of the lifetime for tokens
 * that live less than 15 minutes (so a short-lived token is not refreshed on every call).
 * @internal
 */
export function refreshMarginMs(lifetimeMs: number): number {
  return Math.min(FIVE_MINUTES, Math.max(0, lifetimeMs) / 3);
}

/**
 * Anaplan tokens keyed by (auth URL, identity). One pulumi provider process serves every resource
 * of a deployment and may build several clients; sharing the cache means they authenticate once,
 * and concurrent callers wait on the same in-flight authenticate or refresh instead of each
 * starting their own (Anaplan counts token creation against the user).
 * @internal
 */
export class TokenCache {
  private readonly entries = new Map<string, Entry>();

  /** @param now clock, replaceable in tests. */
  constructor(private readonly now: () => number = Date.now) {}

  /** Returns a usable token, refreshing or authenticating when needed. */
  async getToken(key: string, source: TokenSource, log?: Log): Promise<string> {
    const entry = this.entry(key);
    const token = entry.token;
    if (
      token &&
      this.now() < token.expiresAt - refreshMarginMs(token.expiresAt - token.obtainedAt)
    ) {
      return token.value;
    }
    if (!entry.pending) {
      const pending = this.obtain(token, source, log).then((fresh) => {
        entry.token = fresh;
        return fresh;
      });
      entry.pending = pending;
      // Cleared whichever way it ends, so a failure is not cached and the next caller retries.
      pending.then(
        () => this.clearPending(entry, pending),
        () => this.clearPending(entry, pending),
      );
    }
    return (await entry.pending).value;
  }

  /**
   * Forgets `tokenValue` after the API rejected it. A different (newer) cached token is kept, so
   * a burst of 401s for the same old token causes one re-authentication, not one per request.
   */
  invalidate(key: string, tokenValue: string): void {
    const entry = this.entries.get(key);
    if (entry?.token?.value === tokenValue) {
      entry.token = undefined;
    }
  }

  /** Removes and returns the identity's token (for logout). */
  remove(key: string): CachedToken | undefined {
    const entry = this.entries.get(key);
    this.entries.delete(key);
    return entry?.token;
  }

  /** Forgets every token. */
  clear(): void {
    this.entries.clear();
  }

  private entry(key: string): Entry {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = {};
      this.entries.set(key, entry);
    }
    return entry;
  }

  private clearPending(entry: Entry, pending: Promise<CachedToken>): void {
    if (entry.pending === pending) {
      entry.pending = undefined;
    }
  }

  private async obtain(
    current: CachedToken | undefined,
    source: TokenSource,
    log?: Log,
  ): Promise<CachedToken> {
    const floor = current
      ? Math.min(MAX_REFRESH_FLOOR_MS, refreshMarginMs(current.expiresAt - current.obtainedAt) / 2)
      : 0;
    if (current && this.now() < current.expiresAt - floor) {
      try {
        const refreshed = await source.refresh(current.value);
        log?.("debug", `Anaplan token refreshed; it now expires at ${iso(refreshed.expiresAt)}`);
        return this.toCached(refreshed, current.value);
      } catch (error) {
        // A refresh can fail because the token was logged out or revoked server-side; a full
        // authentication recovers from that, and its own failure is the one worth reporting.
        log?.(
          "warn",
          `Anaplan token refresh failed (${(error as Error).message}); authenticating again`,
        );
      }
    }
    const fresh = await source.authenticate();
    log?.("info", `Anaplan authentication succeeded; the token expires at ${iso(fresh.expiresAt)}`);
    return this.toCached(fresh);
  }

  private toCached(info: TokenInfo, previousValue?: string): CachedToken {
    const now = this.now();
    const expiresAt =
      typeof info.expiresAt === "number" && Number.isFinite(info.expiresAt)
        ? info.expiresAt
        : now + 30 * 60 * 1000;
    return { value: info.tokenValue || previousValue || "", expiresAt, obtainedAt: now };
  }
}

function iso(epochMs: number): string {
  const date = new Date(epochMs);
  return Number.isNaN(date.getTime()) ? String(epochMs) : date.toISOString();
}

/** The process-wide token cache shared by every client. @internal */
export const sharedTokenCache = new TokenCache();

/**
 * Forgets every cached Anaplan token in this process (the tokens stay valid server-side until
 * they expire; use `CloudWorksClient.logout()` to revoke one).
 */
export function clearTokenCache(): void {
  sharedTokenCache.clear();
}
