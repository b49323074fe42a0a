/**
 * What a run leaves behind, as it crosses the wire: a run's trace (IDE test runs, a node's last
 * traces), the run log entries and the counters a node keeps per app (its control API, the IDE's
 * activity view). One schema each, the types derived from them, shared by the executor, the node,
 * the tRPC routers and the browser (browser-safe: zod only).
 */
import { z } from 'zod';
import { ZTrigger, type TTriggerKind } from './bundle';
import { ZDiagnostic } from './diagnostics';

export const ZLogEntry = z.object({
  level: z.enum(['debug', 'info', 'warn', 'error']),
  message: z.string(),
  at: z.string(),
});
export type TLogEntry = z.infer<typeof ZLogEntry>;

export const ZNodeStatus = z.enum(['ok', 'error', 'skipped']);
export type TNodeStatus = z.infer<typeof ZNodeStatus>;

/** One block's part of a run. */
export const ZNodeTrace = z.object({
  nodeId: z.string(),
  status: ZNodeStatus,
  inputs: z.record(z.string(), z.unknown()),
  outputs: z.record(z.string(), z.unknown()),
  durationMs: z.number(),
  diagnostics: z.array(ZDiagnostic),
  logs: z.array(ZLogEntry),
});
export type TNodeTrace = z.infer<typeof ZNodeTrace>;

export const ZRunTrace = z.object({
  runId: z.string(),
  status: z.enum(['ok', 'error']),
  triggerId: z.string().nullable(),
  startedAt: z.string(),
  durationMs: z.number(),
  nodes: z.array(ZNodeTrace),
});
export type TRunTrace = z.infer<typeof ZRunTrace>;

const TRIGGER_KINDS: ReadonlySet<string> = new Set(ZTrigger.options.map((option) => option.shape.kind.value));

/** One line of an app's run log on a node. */
export const ZRunLogEntry = z.object({
  runId: z.string(),
  /** ISO time the run started. */
  at: z.string(),
  /** The trigger's node id; null for a page-load run. */
  trigger: z.string().nullable(),
  /** The trigger's kind (the bundle's trigger kinds), or `load` for a page load. */
  kind: z.custom<TTriggerKind | 'load'>(
    (value) => typeof value === 'string' && (value === 'load' || TRIGGER_KINDS.has(value)),
    'must be a trigger kind or "load"',
  ),
  status: z.enum(['ok', 'error']),
  durationMs: z.number(),
  /** The first block that failed, and why. */
  failed: z.object({ nodeId: z.string(), code: z.string(), message: z.string() }).optional(),
});
export type TRunLogEntry = z.infer<typeof ZRunLogEntry>;

/** An app's counters on a node, since the node started (kept in memory). */
export const ZAppStats = z.object({
  /** Requests the runtime was asked to run, whatever came of them. */
  requests: z.number().int(),
  runs: z.object({ ok: z.number().int(), error: z.number().int(), load: z.number().int() }),
  /** Requests refused before running, by reason (`rate_limited`, `invalid_submission`, ...). */
  refused: z.record(z.string(), z.number().int()),
  /** Runs in flight now. */
  running: z.number().int(),
  lastRunAt: z.string().nullable(),
  /** Mean duration of the runs in the log, in milliseconds. */
  meanDurationMs: z.number().nullable(),
});
export type TAppStats = z.infer<typeof ZAppStats>;
