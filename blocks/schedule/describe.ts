/** Plain-language and millisecond forms of a schedule. Browser-safe (the canvas shows the text). */

export const SCHEDULE_UNITS = ['minutes', 'hours', 'days'] as const;
export type TScheduleUnit = (typeof SCHEDULE_UNITS)[number];

const UNIT_MS: Record<TScheduleUnit, number> = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 };
const SINGULAR: Record<TScheduleUnit, string> = { minutes: 'minute', hours: 'hour', days: 'day' };

export interface TScheduleConfig {
  every: number;
  unit: TScheduleUnit;
}

/** "Every 5 minutes", "Every hour". */
export function describeSchedule(config: TScheduleConfig): string {
  return config.every === 1 ? `Every ${SINGULAR[config.unit]}` : `Every ${config.every} ${config.unit}`;
}

/** The time between two runs, in milliseconds. */
export function scheduleIntervalMs(config: TScheduleConfig): number {
  return config.every * UNIT_MS[config.unit];
}
