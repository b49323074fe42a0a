/**
 * Limits per user on work the IDE does on their behalf (test runs, preview updates): at most
 * `concurrent` at once and a token bucket of `ratePerSecond` with bursts of `burst`, so one user
 * (or one script with their cookie) cannot take the server's sandbox and CPU from everybody else.
 * A refusal is a TOO_MANY_REQUESTS ServiceError whose message says what the limit is.
 *
 * In memory, per server process. The rate table is bounded (least recently seen users forgotten
 * first, with a full bucket, as an idle user would have); the in-flight table only ever holds
 * users with work in flight, at most `concurrent` each.
 */
import { LruCache } from '@/runtime/apps/lru';
import { TokenBucket } from '@/runtime/apps/limits';
import { ServiceError } from './errors';

export interface TUserLimits {
  concurrent: number;
  ratePerSecond: number;
  burst: number;
  /** Users whose rate is remembered. */
  tableSize: number;
}

export class UserLimiter {
  private readonly buckets: LruCache<string, TokenBucket>;
  private readonly inFlight = new Map<string, number>();

  constructor(
    /** What is limited, as a person reads it: "test runs". */
    private readonly what: string,
    private readonly limits: TUserLimits,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.buckets = new LruCache(limits.tableSize, limits.tableSize);
  }

  /** Runs `work` for the user if both limits allow it now, else throws TOO_MANY_REQUESTS. */
  async run<T>(userId: string, work: () => Promise<T>): Promise<T> {
    const running = this.inFlight.get(userId) ?? 0;
    if (running >= this.limits.concurrent) {
      throw new ServiceError(
        'TOO_MANY_REQUESTS',
        `Too many ${this.what} at once: at most ${this.limits.concurrent} each; wait for one to finish.`,
        [],
        { retryAfterMs: 1000 },
      );
    }
    const token = this.bucket(userId).take();
    if (!token.ok) {
      const seconds = Math.ceil(token.retryAfterMs / 1000);
      throw new ServiceError(
        'TOO_MANY_REQUESTS',
        `Too many ${this.what}: at most ${this.limits.ratePerSecond} a second (bursts of ${this.limits.burst}). Try again in ${seconds} s.`,
        [],
        { retryAfterMs: token.retryAfterMs },
      );
    }
    this.inFlight.set(userId, running + 1);
    try {
      return await work();
    } finally {
      const left = (this.inFlight.get(userId) ?? 1) - 1;
      if (left > 0) this.inFlight.set(userId, left);
      else this.inFlight.delete(userId);
    }
  }

  private bucket(userId: string): TokenBucket {
    let bucket = this.buckets.get(userId);
    if (!bucket) {
      bucket = new TokenBucket(this.limits.ratePerSecond, this.limits.burst, this.now);
      this.buckets.set(userId, bucket, 1);
    }
    return bucket;
  }
}

/**
 * Test runs: each may hold a sandbox worker for up to 30 s per block, and the IDE's sandbox has
 * two; a person clicking Run does not need more than this.
 */
export const TEST_RUN_LIMITS: Readonly<TUserLimits> = Object.freeze({ concurrent: 2, ratePerSecond: 2, burst: 10, tableSize: 10_000 });

/**
 * Preview updates: each compiles the draft and publishes a bundle to the node. The editor asks for
 * one after each saved edit (debounced), so a few may overlap.
 */
export const PREVIEW_UPDATE_LIMITS: Readonly<TUserLimits> = Object.freeze({
  concurrent: 3,
  ratePerSecond: 1,
  burst: 10,
  tableSize: 10_000,
});

/** The server's limiters (one process-wide instance of each). */
export const testRunLimiter = new UserLimiter('test runs', TEST_RUN_LIMITS);
export const previewUpdateLimiter = new UserLimiter('preview updates', PREVIEW_UPDATE_LIMITS);
