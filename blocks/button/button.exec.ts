import type { TBlockExecutor } from '@/blocks/core/executor';
import type { buttonBlock } from './button.block';

/**
 * `{ clickedAt, ...payload }`: the time of the click (from the run's payload when the page sent
 * one, else now) and the configured payload, whose keys win over `clickedAt`. Only the time is
 * taken from the visitor; anything else they send is ignored, so a click cannot smuggle data
 * into the flow. A run started from the editor acts as a click.
 */
export const executeButton: TBlockExecutor<typeof buttonBlock> = ({ config, ctx }) => {
  const sent = ctx.trigger?.payload;
  const sentAt = typeof sent === 'object' && sent !== null && !Array.isArray(sent) ? sent.clickedAt : undefined;
  const clickedAt = typeof sentAt === 'string' && !Number.isNaN(Date.parse(sentAt)) ? sentAt : new Date().toISOString();
  return { clicked: { clickedAt, ...config.payload } };
};
