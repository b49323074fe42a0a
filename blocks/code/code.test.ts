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
