import { describe, expect, it } from 'vitest';
import { startsRun } from '@/blocks/core/block';
import { execContext, runBlocks } from '@/blocks/code/testing';
import { buttonBlock } from './button.block';
import { executeButton } from './button.exec';

const click = (config: Record<string, unknown>, payload?: unknown) =>
  executeButton({
    inputs: {},
    config: buttonBlock.configSchema.parse(config),
    ctx: execContext(payload === undefined ? {} : { trigger: { nodeId: 'node-1', payload: payload as never } }),
  }) as { clicked: Record<string, unknown> };

describe('button block', () => {
  it('starts runs, labelled "Run" with an empty payload by default', () => {
    expect(startsRun(buttonBlock)).toBe(true);
    expect(buttonBlock.configSchema.parse({})).toEqual({ label: 'Run', payload: {} });
  });

  it('emits the click time and the configured payload', () => {
    const before = Date.now();
    const { clicked } = click({ payload: { action: 'refresh', page: 2 } });
    expect(clicked).toMatchObject({ action: 'refresh', page: 2 });
    expect(Date.parse(clicked.clickedAt as string)).toBeGreaterThanOrEqual(before - 1);
  });

  it('takes the click time from the page, and nothing else the page sends', () => {
    const { clicked } = click({ payload: { action: 'buy' } }, { clickedAt: '2024-05-01T10:00:00.000Z', action: 'steal', admin: true });
    expect(clicked).toEqual({ clickedAt: '2024-05-01T10:00:00.000Z', action: 'buy' });
    expect(Date.parse(click({}, { clickedAt: 'yesterday' }).clicked.clickedAt as string)).not.toBeNaN();
  });

  it('lets the configured payload set clickedAt ({ clickedAt, ...payload })', () => {
    expect(click({ payload: { clickedAt: 'fixed' } }).clicked.clickedAt).toBe('fixed');
  });

  it('refuses a payload that is not a JSON object', () => {
    expect(buttonBlock.configSchema.safeParse({ payload: [1, 2] }).success).toBe(false);
    expect(buttonBlock.configSchema.safeParse({ payload: 'x' }).success).toBe(false);
    expect(buttonBlock.configSchema.safeParse({ label: '' }).success).toBe(false);
  });

  it('starts a run whose next block gets the click', async () => {
    const { trace, node } = await runBlocks(
      [
        ['b', 'button', { payload: { n: 1 } }],
        ['after', 'delay', { ms: 0 }],
      ],
      ['b.clicked>after.in'],
      { trigger: 'b', payload: { clickedAt: '2024-05-01T10:00:00.000Z' } },
    );
    expect(trace.status).toBe('ok');
    expect(node('after').outputs).toEqual({ out: { clickedAt: '2024-05-01T10:00:00.000Z', n: 1 } });
  });
});
