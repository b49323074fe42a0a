import type { ChildProcess, SpawnOptions } from 'node:child_process';

export const STOP_GRACE_MS: number;

export interface TSupervisor {
  readonly stopping: boolean;
  start(
    name: string,
    command: string,
    args: readonly string[],
    options: SpawnOptions,
    onExit?: (code: number | null, signal: NodeJS.Signals | null) => void,
  ): ChildProcess;
  run(name: string, command: string, args: readonly string[], options: SpawnOptions): Promise<number>;
  stop(signal?: NodeJS.Signals): Promise<0 | 1>;
  stopNow(): void;
}

export function createSupervisor(options?: { graceMs?: number }): TSupervisor;
