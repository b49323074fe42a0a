/**
 * Each app's recent runs and counters, kept in memory by the node: a bounded ring of the last
 * runs (time, trigger, status, duration, failing block), the last full traces, and request
 * counters. For the node's control API and the IDE; nothing here is persisted.
 */
import type { TAppStats, TRunLogEntry, TRunTrace } from '@/blocks/core/run-trace';
import type { TAppErrorCode } from './errors';

export type { TAppStats, TRunLogEntry };

/** A fixed-size ring: the last `size` items, oldest first. */
export class Ring<T> {
  private readonly items: T[] = [];
  private next = 0;

  constructor(private readonly size: number) {}

  push(item: T): void {
    if (this.size <= 0) return;
    if (this.items.length < this.size) this.items.push(item);
    else this.items[this.next] = item;
    this.next = (this.next + 1) % this.size;
  }

  /** Oldest first. */
  toArray(): T[] {
    return this.items.length < this.size ? [...this.items] : [...this.items.slice(this.next), ...this.items.slice(0, this.next)];
  }
}

export class AppRecord {
  readonly log: Ring<TRunLogEntry>;
  readonly traces: Ring<TRunTrace>;
  requests = 0;
  readonly runs = { ok: 0, error: 0, load: 0 };
  readonly refused: Partial<Record<TAppErrorCode, number>> = {};
  running = 0;
  lastRunAt: string | null = null;

  constructor(logSize: number, traceSize: number) {
    this.log = new Ring(logSize);
    this.traces = new Ring(traceSize);
  }

  refuse(code: TAppErrorCode): void {
    this.refused[code] = (this.refused[code] ?? 0) + 1;
  }

  finish(trace: TRunTrace, kind: TRunLogEntry['kind']): TRunLogEntry {
    const failedNode = trace.nodes.find((node) => node.status === 'error');
    const diagnostic = failedNode?.diagnostics.find((d) => d.severity === 'error');
    const entry: TRunLogEntry = {
      runId: trace.runId,
      at: trace.startedAt,
      trigger: kind === 'load' ? null : trace.triggerId,
      kind,
      status: trace.status,
      durationMs: Math.round(trace.durationMs * 100) / 100,
      ...(failedNode
        ? { failed: { nodeId: failedNode.nodeId, code: diagnostic?.code ?? 'block_failed', message: diagnostic?.message ?? 'failed' } }
        : {}),
    };
    this.log.push(entry);
    this.traces.push(trace);
    if (kind === 'load') this.runs.load += 1;
    this.runs[trace.status] += 1;
    this.lastRunAt = trace.startedAt;
    return entry;
  }

  stats(): TAppStats {
    const entries = this.log.toArray();
    return {
      requests: this.requests,
      runs: { ...this.runs },
      refused: { ...this.refused },
      running: this.running,
      lastRunAt: this.lastRunAt,
      meanDurationMs: entries.length > 0 ? entries.reduce((sum, e) => sum + e.durationMs, 0) / entries.length : null,
    };
  }
}
