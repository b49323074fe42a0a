import { describe, expect, it } from 'vitest';
import { planRun } from '@/blocks/compiler/plan';
import { validateGraph } from '@/blocks/compiler/validate';
import type { TJson } from '@/blocks/core/executor';
import { graph, testExecutors, testRegistry } from '@/blocks/core/testing/test-blocks';
import { runFlow, type TRunCapabilities } from './run-flow';

async function run(
  g: ReturnType<typeof graph>,
  opts: {
    trigger?: string;
    payload?: TJson;
    capabilities?: TRunCapabilities;
    pinned?: Map<string, Record<string, unknown>>;
    blockTimeoutMs?: number;
  } = {},
) {
  const validated = validateGraph(g, testRegistry);
  const plan = planRun(validated, opts.trigger);
  const trace = await runFlow({
    validated,
    plan,
    executors: testExecutors,
    capabilities: opts.capabilities ?? {},
    payload: opts.payload,
    pinned: opts.pinned,
    blockTimeoutMs: opts.blockTimeoutMs,
  });
  return { trace, node: (id: string) => trace.nodes.find((n) => n.nodeId === id)! };
}

describe('runFlow', () => {
  it("passes values along edges and records each block's inputs, outputs and time", async () => {
    const { trace, node } = await run(
      graph(
        [
          ['s', 'start'],
          ['n', 'number', { value: 40 }],
          ['a', 'add'],
        ],
        ['n.out>a.a', 's.out>a.b'],
      ),
      { trigger: 's', payload: 2 },
    );
    expect(trace.status).toBe('ok');
    expect(node('a')).toMatchObject({ status: 'ok', inputs: { a: 40, b: 2 }, outputs: { out: 42 } });
    expect(node('a').durationMs).toBeGreaterThanOrEqual(0);
  });

  it('fails one block with a diagnostic, skips what depends on it, and runs the rest', async () => {
    const { trace, node } = await run(
      graph(
        [
          ['f', 'fail'],
          ['after', 'spy'],
          ['n', 'number'],
          ['a', 'add'],
          ['free', 'spy'],
        ],
        ['f.out>after.in', 'n.out>a.a'],
      ),
    );
    expect(trace.status).toBe('error');
    expect(node('f')).toMatchObject({
      status: 'error',
      diagnostics: [{ code: 'block_failed', nodeId: 'f', message: 'Fail failed: boom' }],
    });
    expect(node('after').status).toBe('skipped');
    // A block with nothing connected still runs.
    expect(node('free').outputs).toEqual({ out: { received: null, hasStorage: false, hasNet: false, hasCode: false } });
    expect(node('a')).toMatchObject({ status: 'ok', outputs: { out: 1 } });
  });

  it('skips a block whose required input never arrived (the branch not taken)', async () => {
    const { node } = await run(
      graph(
        [
          ['s', 'start'],
          ['b', 'branch'],
          ['y', 'spy'],
          ['n', 'rows'],
        ],
        ['s.out>b.in', 'b.yes>y.in', 'b.no>n.in'],
      ),
      { trigger: 's', payload: { ok: true } },
    );
    expect(node('y').status).toBe('ok');
    expect(node('n')).toMatchObject({ status: 'skipped', diagnostics: [{ code: 'skipped' }] });
  });

  it('skips a block with only optional inputs when none of its connections delivered', async () => {
    const { node } = await run(
      graph(
        [
          ['s', 'start'],
          ['b', 'branch'],
          ['y', 'spy'],
          ['n', 'spy'],
        ],
        ['s.out>b.in', 'b.yes>y.in', 'b.no>n.in'],
      ),
      { trigger: 's', payload: { ok: true } },
    );
    expect(node('y').status).toBe('ok');
    expect(node('n').status).toBe('skipped');
  });

  it('names the field of an expected failure', async () => {
    const { node } = await run(graph([['f', 'fail', { mode: 'block-error' }]]));
    expect(node('f').diagnostics[0]).toMatchObject({ path: 'config.url', message: 'url: must be a valid URL' });
  });

  it('stops a block that runs past its time limit', async () => {
    const started = Date.now();
    const { node } = await run(graph([['f', 'fail', { mode: 'hang' }]]), { blockTimeoutMs: 50 });
    expect(node('f').diagnostics[0]).toMatchObject({ code: 'block_timeout', message: expect.stringContaining('longer than 50 ms') });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("aborts a block's signal at its time limit, even one the block first reads after it", async () => {
    let seen: (aborted: boolean) => void = () => undefined;
    const late = new Promise<boolean>((resolve) => (seen = resolve));
    const executors = new Map(testExecutors);
    // Reads ctx.signal only after the limit has passed: the signal it gets is already aborted.
    executors.set('number@1', async ({ ctx }) => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      seen(ctx.signal.aborted);
      return { out: 1 };
    });
    const g = graph([['n', 'number', { value: 1 }]]);
    const validated = validateGraph(g, testRegistry);
    const trace = await runFlow({ validated, plan: planRun(validated), executors, capabilities: {}, blockTimeoutMs: 20 });
    expect(trace.nodes[0]?.diagnostics[0]).toMatchObject({ code: 'block_timeout' });
    expect(await late).toBe(true);
  });

  it('refuses outputs of the wrong shape', async () => {
    const undefinedOut = await run(graph([['f', 'fail', { mode: 'bad-shape' }]]));
    expect(undefinedOut.node('f').diagnostics[0]).toMatchObject({
      code: 'bad_output',
      message: expect.stringContaining('"out" is undefined'),
    });
    const undeclared = await run(graph([['f', 'fail', { mode: 'undeclared' }]]));
    expect(undeclared.node('f').diagnostics[0]).toMatchObject({ code: 'bad_output', port: 'surprise' });
  });

  it('checks at run time a value that only might fit (JSON into a table input)', async () => {
    const { node } = await run(
      graph(
        [
          ['s', 'start'],
          ['r', 'rows'],
        ],
        ['s.out>r.in'],
      ),
      { trigger: 's', payload: 'not rows' },
    );
    expect(node('r')).toMatchObject({
      status: 'error',
      diagnostics: [{ code: 'input_type_mismatch', port: 'in', message: expect.stringContaining('received a string') }],
    });
    const ok = await run(
      graph(
        [
          ['s', 'start'],
          ['r', 'rows'],
        ],
        ['s.out>r.in'],
      ),
      { trigger: 's', payload: [{ a: 1 }] },
    );
    expect(ok.node('r')).toMatchObject({ status: 'ok', outputs: { out: [{ a: 1 }] } });
  });

  it('gives a block only the capabilities it declared', async () => {
    const capabilities: TRunCapabilities = { storage: {} as never, net: {} as never, code: {} as never };
    const { node } = await run(graph([['x', 'spy']]), { capabilities });
    expect(node('x').outputs).toEqual({ out: { received: null, hasStorage: true, hasNet: false, hasCode: true } });
  });

  it('runs one block with its upstream outputs pinned', async () => {
    const g = graph(
      [
        ['n', 'number', { value: 1 }],
        ['a', 'add'],
      ],
      ['n.out>a.a'],
    );
    const validated = validateGraph(g, testRegistry);
    const trace = await runFlow({
      validated,
      plan: { triggerId: null, steps: ['n', 'a'] },
      executors: testExecutors,
      capabilities: {},
      pinned: new Map([['n', { out: 100 }]]),
    });
    expect(trace.nodes.find((t) => t.nodeId === 'a')!.outputs).toEqual({ out: 100 });
  });

  it('keeps secrets out of the trace', async () => {
    const validated = validateGraph(
      graph(
        [
          ['s', 'start'],
          ['x', 'spy'],
        ],
        ['s.out>x.in'],
      ),
      testRegistry,
    );
    const trace = await runFlow({
      validated,
      plan: planRun(validated, 's'),
      executors: testExecutors,
      capabilities: {},
      payload: { token: 'hunter2' },
      redact: (v) => JSON.parse(JSON.stringify(v).replaceAll('hunter2', '[secret]')),
    });
    expect(JSON.stringify(trace)).not.toContain('hunter2');
  });
});
