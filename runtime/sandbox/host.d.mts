/**
 * Types of host.mjs for the TypeScript side (the in-thread mode of sandbox.ts, tests). Keep in
 * step with host.mjs; `npx tsc -p runtime/sandbox/tsconfig.worker.json` checks the JavaScript
 * against protocol.ts.
 */
import type { TExecRequest, THostReply, THostStats } from './protocol';

/** WebAssembly pages of the memory an engine with this limit gets (limit + engine base size). */
export function memoryPagesFor(limitBytes: number): number;

export class EngineHost {
  constructor(options?: { testHooks?: boolean });
  warmUp(memoryBytes: number): Promise<void>;
  exec(request: TExecRequest): THostReply | Promise<THostReply>;
  stats(): THostStats;
  /** Returns what QuickJS reported while freeing (leaked handles), empty when clean. */
  dispose(): string[];
}
