/**
 * Per-app limits of a node's app runtime and the small mechanisms that hold them: a token bucket
 * per app for the request rate and one per visitor of each app (a bounded table, see
 * VisitorBuckets), a counting gate per app for concurrent runs and sandbox calls.
 */
import { isIPv6 } from 'node:net';
import { LruCache } from './lru';

export interface TAppLimits {
  /** A whole run, page loads included. */
  runMs: number;
  /** One block; user code gets at most this (and the run's remaining time) as its sandbox time limit. */
  blockMs: number;
  /** A request's body, and a run's payload as JSON (UTF-8 bytes). */
  requestBytes: number;
  /** Sustained runs per second per app (token bucket refill rate). */
  ratePerSecond: number;
  /** Runs an app may start at once after being idle (token bucket size). */
  burst: number;
  /**
   * Sustained requests per second of one visitor (remote address) to one app, page views
   * included: below `ratePerSecond`, so that one client alone cannot spend the app's whole rate
   * and make it answer 429 to everyone.
   */
  visitorRatePerSecond: number;
  /** Requests one visitor may make at once after being idle. */
  visitorBurst: number;
  /**
   * Visitors remembered (all apps together; least recently seen forgotten first): bounds the
   * table's memory whatever number of addresses a flood comes from.
   */
  visitorTableSize: number;
  /** Sandbox memory per call of user code. */
  memoryBytes: number;
  /** Runs of one app in flight at once; more are refused (429), so a slow app cannot pile up work. */
  concurrentRuns: number;
  /**
   * Sandbox workers one app's calls may hold at once (give the sandbox more workers than this).
   * Keeps a looping app from holding every worker. A few more of its calls wait pipelined on
   * those workers (see CODE_PIPELINE in app-runtime.ts), the rest wait their turn. Several
   * looping apps together hold at most the sandbox's workers less its reserve (pool.ts).
   */
  concurrentCode: number;
  /** Runs kept in each app's log. */
  logSize: number;
  /** Full traces kept per app (the IDE reads a preview's). */
  traceSize: number;
  /** How long a page-load result is reused (until then, or until a run of the app). */
  pageLoadCacheMs: number;
}

export const DEFAULT_APP_LIMITS: Readonly<TAppLimits> = Object.freeze({
  runMs: 10_000,
  blockMs: 5_000,
  requestBytes: 256 * 1024,
  ratePerSecond: 20,
  burst: 40,
  visitorRatePerSecond: 5,
  visitorBurst: 20,
  visitorTableSize: 16_384,
  memoryBytes: 64 * 1024 * 1024,
  concurrentRuns: 16,
  concurrentCode: 1,
  logSize: 200,
  traceSize: 20,
  pageLoadCacheMs: 1_000,
});

/** A token bucket: `take()` spends one token if there is one, else says when the next comes. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly rate: number,
    private readonly size: number,
    private readonly now: () => number,
  ) {
    this.tokens = size;
    this.last = now();
  }

  take(): { ok: true } | { ok: false; retryAfterMs: number } {
    const now = this.now();
    this.tokens = Math.min(this.size, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterMs: Math.ceil(((1 - this.tokens) / this.rate) * 1000) };
  }
}

/**
 * One token bucket per (app, visitor) in a table of fixed size: a visitor not seen for longest is
 * forgotten first (it starts again with a full bucket, which is what an idle visitor would have
 * anyway). A flood from ever new addresses only churns the table, never grows it.
 */
export class VisitorBuckets {
  private readonly buckets: LruCache<string, TokenBucket>;

  constructor(
    private readonly rate: number,
    private readonly size: number,
    maxVisitors: number,
    private readonly now: () => number,
  ) {
    this.buckets = new LruCache(maxVisitors, maxVisitors);
  }

  /** Visitors in the table now. */
  get visitors(): number {
    return this.buckets.size;
  }

  take(scope: string, visitor: string): ReturnType<TokenBucket['take']> {
    const key = `${scope}\u0000${visitorKey(visitor)}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(this.rate, this.size, this.now);
      this.buckets.set(key, bucket, 1);
    }
    return bucket.take();
  }
}

/**
 * Whom a remote address stands for: itself, or for IPv6 its /64 network (one host is handed a
 * whole /64 and could otherwise take a fresh address for every request). IPv4-mapped IPv6
 * addresses (`::ffff:1.2.3.4`, what a dual-stack socket reports) are the IPv4 address.
 */
export function visitorKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!isIPv6(address)) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/**
 * At most `size` holders at once; others wait in FIFO order for a slot. A waiter whose deadline
 * has passed when its turn comes is answered false and the slot goes on to the next: no timer per
 * waiter (under load most calls wait here), as whoever waits has its own deadline running anyway.
 */
export class Gate {
  private held = 0;
  private readonly waiting: { deadline: number; resolve: (entered: boolean) => void }[] = [];

  constructor(
    private readonly size: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get inUse(): number {
    return this.held;
  }

  /** Takes a slot now if one is free. */
  tryEnter(): boolean {
    if (this.held >= this.size) return false;
    this.held += 1;
    return true;
  }

  /** Waits for a slot; false when `waitMs` (from now) had passed by its turn (nothing is held then). */
  enter(waitMs: number): Promise<boolean> {
    if (this.tryEnter()) return Promise.resolve(true);
    if (waitMs <= 0) return Promise.resolve(false);
    return new Promise((resolve) => this.waiting.push({ deadline: this.now() + waitMs, resolve }));
  }

  leave(): void {
    // The slot passes straight to the next in line still within its deadline.
    for (let next = this.waiting.shift(); next; next = this.waiting.shift()) {
      if (next.deadline >= this.now()) {
        next.resolve(true);
        return;
      }
      next.resolve(false);
    }
    this.held -= 1;
  }
}
