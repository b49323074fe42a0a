import { afterEach, describe, expect, it, vi } from 'vitest';
import { BlockError } from '@/blocks/core/executor';
import { executeForTest, testContext } from '@/blocks/core/testing/context';
import { describeSchedule, scheduleIntervalMs } from './describe';
import { scheduleBlock } from './schedule.block';
import { executeSchedule } from './schedule.exec';

const run = (config: unknown, payload?: unknown) =>
  executeForTest(scheduleBlock, executeSchedule, { config, ctx: testContext(payload === undefined ? {} : { payload: payload as never }) });

afterEach(() => vi.useRealTimers());

describe('schedule definition', () => {
  it('defaults to every hour', () => {
    const config = scheduleBlock.configSchema.parse({});
    expect(config).toEqual({ every: 1, unit: 'hours' });
    expect(describeSchedule(config)).toBe('Every hour');
  });

  it('refuses intervals out of range or not whole', () => {
    for (const every of [0, -1, 10_081, 1.5]) expect(scheduleBlock.configSchema.safeParse({ every }).success, String(every)).toBe(false);
    expect(scheduleBlock.configSchema.safeParse({ every: 10_080, unit: 'minutes' }).success).toBe(true);
    expect(scheduleBlock.configSchema.safeParse({ unit: 'weeks' }).success).toBe(false);
  });
});

describe('describeSchedule and scheduleIntervalMs', () => {
  it('says the interval in words', () => {
    expect(describeSchedule({ every: 5, unit: 'minutes' })).toBe('Every 5 minutes');
    expect(describeSchedule({ every: 1, unit: 'minutes' })).toBe('Every minute');
    expect(describeSchedule({ every: 2, unit: 'hours' })).toBe('Every 2 hours');
    expect(describeSchedule({ every: 1, unit: 'days' })).toBe('Every day');
  });

  it('converts to milliseconds', () => {
    expect(scheduleIntervalMs({ every: 5, unit: 'minutes' })).toBe(300_000);
    expect(scheduleIntervalMs({ every: 2, unit: 'hours' })).toBe(7_200_000);
    expect(scheduleIntervalMs({ every: 3, unit: 'days' })).toBe(259_200_000);
  });
});

describe('schedule executor', () => {
  it('uses the firedAt the scheduler sent', async () => {
    expect(await run({ every: 5, unit: 'minutes' }, { firedAt: '2025-03-01T10:05:00+01:00' })).toEqual({
      out: { firedAt: '2025-03-01T09:05:00.000Z', scheduledEvery: 300_000 },
    });
  });

  it('uses now on a test run', async () => {
    vi.useFakeTimers({ now: new Date('2025-06-01T12:00:00Z'), toFake: ['Date'] });
    expect(await run({ every: 1, unit: 'days' })).toEqual({ out: { firedAt: '2025-06-01T12:00:00.000Z', scheduledEvery: 86_400_000 } });
    expect(await run({}, { other: 1 })).toEqual({ out: { firedAt: '2025-06-01T12:00:00.000Z', scheduledEvery: 3_600_000 } });
  });

  it('refuses an invalid firedAt', async () => {
    for (const firedAt of ['yesterday', 12345, null]) {
      const error = await run({}, { firedAt }).catch((e: unknown) => e);
      expect(error, String(firedAt)).toBeInstanceOf(BlockError);
      expect((error as BlockError).message).toMatch(/invalid time as firedAt/);
    }
  });
});
