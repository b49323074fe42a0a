import { describe, expect, it } from 'vitest';
import { execContext, runBlocks } from '@/blocks/code/testing';
import { triggerEntry } from '@/blocks/core/bundle';
import { manualTriggerBlock } from './manual-trigger.block';
import { executeManualTrigger } from './manual-trigger.exec';

const manual = (config: Record<string, unknown>, payload?: unknown) =>
  executeManualTrigger({
    inputs: {},
    config: manualTriggerBlock.configSchema.parse(config),
    ctx: execContext(payload === undefined ? {} : { trigger: { nodeId: 'start', payload: payload as never } }),
  });

describe('manual trigger block', () => {
  it('passes on the run payload, or its sample when the run gives none', async () => {
    expect(await manual({ sample: { n: 1 } }, { n: 2 })).toEqual({ out: { n: 2 } });
    expect(await manual({ sample: { n: 1 } })).toEqual({ out: { n: 1 } });
    expect(await manual({})).toEqual({ out: {} });
  });

  it('is a manual trigger in a deployed app: no endpoint a visitor can call', () => {
    expect(triggerEntry(manualTriggerBlock, 'start', {}, ['start'])).toEqual({ kind: 'manual', nodeId: 'start', steps: ['start'] });
  });

  it('starts a run of the blocks after it', async () => {
    const { trace, node } = await runBlocks(
      [
        ['start', 'manual-trigger', { sample: { n: 3 } }],
        ['double', 'expression', { expression: 'input.n * 2' }],
      ],
      ['start.out>double.in'],
      { trigger: 'start' },
    );
    expect(trace.status).toBe('ok');
    expect(node('double').outputs.out).toBe(6);
  });
});
