import type { TBlockExecutor } from '@/blocks/core/executor';
import type { manualTriggerBlock } from './manual-trigger.block';

/** Passes on the run's payload, or the configured sample when the run gives none. */
export const executeManualTrigger: TBlockExecutor<typeof manualTriggerBlock> = ({ config, ctx }) => ({
  out: ctx.trigger?.payload ?? config.sample,
});
