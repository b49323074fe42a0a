import { describe, expect, it } from 'vitest';
import { codeBlock } from './code.block';
import { executeCode } from './code.exec';
import { codeCapabilityForTests, execContext, runBlocks } from './testing';
import { failure } from '@/blocks/core/testing/errors';

const config = (source?: string, timeoutMs?: number) => codeBlock.configSchema.parse({ source, timeoutMs });
const run = async (inputs: Record<string, unknown>, source?: string, timeoutMs?: number) =>
  executeCode({ inputs, config: config(source, timeoutMs), ctx: execContext({ code: await codeCapabilityForTests() }) });

describe('code block', () => {
  it('has a config that parses with defaults and refuses out-of-range time limits', () => {
    expect(codeBlock.configSchema.parse({})).toEqual({ source: 'return input;', timeoutMs: 1000 });
    expect(codeBlock.configSchema.safeParse({ timeoutMs: 5 }).success).toBe(false);
    expect(codeBlock.configSchema.safeParse({ timeoutMs: 10_001 }).success).toBe(false);
    expect(codeBlock.configSchema.safeParse({ source: '' }).success).toBe(false);
  });

  it("puts console output in the run's log, through the real sandbox, also when the code then fails or runs out of time", async () => {
    const { node } = await runBlocks(
      [
        ['go', 'manual-trigger'],
        [
          'ok',
          'code',
          { source: 'console.log("seen", input, 42, [1, "a"]); console.warn("careful"); console.error(new Error("x").message); return 1;' },
        ],
        ['bad', 'code', { source: 'console.log("before the throw"); throw new Error("boom");' }],
        ['slow', 'code', { source: 'console.info("started"); while (true) {}', timeoutMs: 100 }],
      ],
      ['go.out>ok.in', 'go.out>bad.in', 'go.out>slow.in'],
      { trigger: 'go', payload: { who: 'Ada' } },
    );
    const logs = (id: string) => node(id).logs.map((l) => [l.level, l.message]);
    expect(logs('ok')).toEqual([
      ['info', 'seen {"who":"Ada"} 42 [1,"a"]'],
      ['warn', 'careful'],
      ['error', 'x'],
    ]);
    expect(node('bad').status).toBe('error');
    expect(logs('bad')).toEqual([['info', 'before the throw']]);
    expect(node('slow').status).toBe('error');
    expect(logs('slow')).toEqual([['info', 'started']]);
  });

  it('bounds console output in count and size, and starts every call with an empty log', async () => {
    const { node } = await runBlocks(
      [
        ['go', 'manual-trigger'],
        [
          'flood',
          'code',
          {
            source: 'const big = "x".repeat(5000); for (let i = 0; i < 10000; i++) console.log("line " + i, big); return 1;',
            timeoutMs: 10_000,
          },
        ],
        ['quiet', 'code', { source: 'return 2;' }],
      ],
      ['go.out>flood.in', 'flood.out>quiet.in'],
      { trigger: 'go' },
    );
    const logs = node('flood').logs;
    expect(node('flood').status).toBe('ok');
    expect(logs.length).toBeLessThanOrEqual(101);
    expect(logs.reduce((sum, l) => sum + l.message.length, 0)).toBeLessThanOrEqual(25_000);
    expect(logs[0]!.message.startsWith('line 0 xxx')).toBe(true);
    expect(logs.at(-1)).toMatchObject({ level: 'warn', message: expect.stringMatching(/more console message\(s\) were left out/) });
    expect(node('quiet').logs).toEqual([]);
  });

  it.each([
    ['const total = 1;\nglobalThis.total = total;\nreturn total;', 'object is not extensible (line 2)', 'globalThis and the built-ins'],
    ['const n = 1;\nn = 2;\nreturn n;', "'n' is read-only (line", 'use let if it must change'],
    ['return input.customer.name;', "cannot read property 'name' of undefined (line 1)", 'write ?.name instead of .name'],
    ['return inputs.price;', "'inputs' is not defined (line 1)", 'What arrives at the block is `input`'],
    ['return input.price.toFixd(2);', 'not a function (line 1)', 'check the spelling of the method'],
  ])('adds a hint of what was done to the engine error of %j, keeping its words and line', async (source, original, hint) => {
    const error = await failure(run({ in: { price: 2 } }, source));
    expect(error.where.field).toBe('source');
    expect(error.message).toContain(original);
    expect(error.message).toContain(`Hint: `);
    expect(error.message).toContain(hint);
  });

  it('adds no hint to an error it has no word for', async () => {
    const error = await failure(run({ in: 1 }, 'throw new Error("price missing");'));
    expect(error.message).toBe('Error: price missing (line 1)');
  });

  it('passes the input through with the default source', async () => {
    expect(await run({ in: { a: [1, 2] } })).toEqual({ out: { a: [1, 2] } });
  });

  it('returns what the function body computes from `input`', async () => {
    const source = 'const total = input.items.reduce((sum, x) => sum + x.price, 0);\nreturn { total, count: input.items.length };';
    expect(await run({ in: { items: [{ price: 2 }, { price: 3.5 }] } }, source)).toEqual({ out: { total: 5.5, count: 2 } });
  });

  it('gives `input === null` when nothing is connected', async () => {
    expect(await run({}, 'return input === null ? "nothing" : "something";')).toEqual({ out: 'nothing' });
    expect(await run({}, 'return null;')).toEqual({ out: null });
  });

  it('says how to fix a body that returns nothing, on the source field', async () => {
    const error = await failure(run({ in: 1 }, 'const x = input + 1;'));
    expect(error.where.field).toBe('source');
    expect(error.message).toContain('return');
  });

  it('refuses results that are not JSON', async () => {
    expect((await failure(run({}, 'return () => 1;'))).where.field).toBe('source');
  });

  it('attributes a syntax error to the source field', async () => {
    const error = await failure(run({ in: 1 }, 'return input +;'));
    expect(error.where.field).toBe('source');
  });

  it('attributes an error thrown by the code to the source field, with its message', async () => {
    const error = await failure(run({ in: 1 }, 'throw new Error("price missing");'));
    expect(error.where.field).toBe('source');
    expect(error.message).toContain('price missing');
  });

  it('refuses to run without the code capability', async () => {
    await failure(Promise.resolve().then(() => executeCode({ inputs: {}, config: config(), ctx: execContext() })));
  });

  it('stops code that runs past its time limit', async () => {
    const started = Date.now();
    const error = await failure(run({ in: 1 }, 'while (true) {}', 50));
    expect(error.where.field).toBe('source');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('cannot reach the host', async () => {
    expect(await run({}, 'return [typeof process, typeof require, typeof fetch];')).toEqual({
      out: ['undefined', 'undefined', 'undefined'],
    });
  });

  it('reports a failing body as a diagnostic on the source field in a run', async () => {
    const { node } = await runBlocks([['c', 'code', { source: 'return input.missing.deep;' }]], []);
    expect(node('c')).toMatchObject({ status: 'error', diagnostics: [{ path: 'config.source', nodeId: 'c' }] });
  });
});
