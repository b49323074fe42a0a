import { BlockError, type TBlockExecutor } from '@/blocks/core/executor';
import { scheduleIntervalMs } from './describe';
import type { scheduleBlock } from './schedule.block';

/**
 * Reports when the run was fired: the scheduler's `firedAt` from the payload (so a late start
 * still says when it was due), or now on a test run.
 */
export const executeSchedule: TBlockExecutor<typeof scheduleBlock> = ({ config, ctx }) => {
  const payload = ctx.trigger?.payload;
  const given = typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? payload.firedAt : undefined;
  let firedAt = new Date();
  if (given !== undefined) {
    const parsed = typeof given === 'string' ? new Date(given) : new Date(Number.NaN);
    if (Number.isNaN(parsed.getTime())) {
      throw new BlockError(`The scheduler sent an invalid time as firedAt: ${JSON.stringify(given)}.`, { code: 'invalid_trigger' });
    }
    firedAt = parsed;
  }
  return { out: { firedAt: firedAt.toISOString(), scheduledEvery: scheduleIntervalMs(config) } };
};
