import { BlockError, type TBlockExecutor, type TExecContext } from '@/blocks/core/executor';
import type { delayBlock, delayBlockV1 } from './delay.block';

export const executeDelayV1: TBlockExecutor<typeof delayBlockV1> = async ({ inputs, config, ctx }) => {
  await wait(Math.round(config.seconds * 1000), ctx.signal);
  return { out: inputs.in ?? null };
};

export const executeDelay: TBlockExecutor<typeof delayBlock> = async ({ inputs, config, ctx }) => {
  const jitter = config.jitterMs > 0 ? Math.floor(Math.random() * (config.jitterMs + 1)) : 0;
  await wait(config.ms + jitter, ctx.signal);
  return { out: inputs.in ?? null };
};

/** Resolves after `ms`, or rejects at once when the run is cancelled or the block's time is up. */
function wait(ms: number, signal: TExecContext['signal']): Promise<void> {
  return new Promise((resolve, reject) => {
    const cancelled = () => new BlockError('Delay cancelled: the run was stopped.', { code: 'cancelled' });
    if (signal.aborted) return reject(cancelled());
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
