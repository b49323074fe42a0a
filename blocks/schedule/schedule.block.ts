import { z } from 'zod';
import { defineBlock } from '@/blocks/core/block';
import { SCHEDULE_UNITS, scheduleIntervalMs } from './describe';
import { scheduleMessages } from './schedule.messages';

/** Starts a run at a fixed interval; the node hosting the dApp keeps the clock. */
export const scheduleBlock = defineBlock({
  type: 'schedule',
  version: 1,
  category: 'trigger',
  title: 'Schedule',
  description: 'Starts the flow again and again at a fixed interval, for example every hour.',
  icon: 'clock',
  keywords: ['cron', 'timer', 'interval'],
  inputs: [],
  outputs: [{ name: 'out', type: 'json', label: 'Tick', description: 'When this run was started ({ firedAt, scheduledEvery })' }],
  configSchema: z.object({
    every: z.number().int('must be a whole number').min(1).max(10_080).default(1).describe('How many units between two runs'),
    unit: z.enum(SCHEDULE_UNITS).default('hours').describe('Minutes, hours or days'),
  }),
  capabilities: [],
  trigger: { kind: 'schedule', everyMs: scheduleIntervalMs },
  messages: scheduleMessages,
});
