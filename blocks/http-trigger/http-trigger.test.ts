import { describe, expect, it } from 'vitest';
import { BlockError } from '@/blocks/core/executor';
import { executeForTest, testContext } from '@/blocks/core/testing/context';
import { httpTriggerBlock } from './http-trigger.block';
import { executeHttpTrigger } from './http-trigger.exec';
import { inputFromQuery, validateHttpInput, type THttpField } from './input';

const fields: THttpField[] = [
  { name: 'email', type: 'string', required: true },
  { name: 'age', type: 'number', required: false },
  { name: 'subscribe', type: 'boolean', required: true },
  { name: 'meta', type: 'json', required: false },
];

const run = (config: unknown, payload?: unknown) =>
  executeForTest(httpTriggerBlock, executeHttpTrigger, {
    config,
    ctx: testContext(payload === undefined ? {} : { payload: payload as never }),
  });

describe('http-trigger definition', () => {
  it('has a working default config that its own sample satisfies', async () => {
    const config = httpTriggerBlock.configSchema.parse({});
    expect(config).toMatchObject({ path: 'submit', method: 'POST' });
    expect(validateHttpInput(config.fields, config.sample)).toEqual([]);
    expect(httpTriggerBlock.category).toBe('trigger');
  });

  it('refuses bad endpoint names and duplicate fields', () => {
    for (const path of ['Submit', 'a/b', 'with space', '', 'ümlaut']) {
      expect(httpTriggerBlock.configSchema.safeParse({ path }).success, path).toBe(false);
    }
    expect(httpTriggerBlock.configSchema.safeParse({ path: 'sign-up-2' }).success).toBe(true);
    expect(httpTriggerBlock.configSchema.safeParse({ method: 'PUT' }).success).toBe(false);
    const duplicate = httpTriggerBlock.configSchema.safeParse({ fields: [{ name: 'a' }, { name: 'a' }] });
    expect(duplicate.success).toBe(false);
    expect(duplicate.error?.issues[0]?.path).toEqual(['fields', 1, 'name']);
    expect(httpTriggerBlock.configSchema.safeParse({ fields: [{ name: '1st' }] }).success).toBe(false);
  });
});

describe('validateHttpInput', () => {
  it('accepts a payload that fits, ignoring extra fields and missing optional ones', () => {
    expect(validateHttpInput(fields, { email: 'a@b.c', subscribe: false, extra: 1 })).toEqual([]);
    expect(validateHttpInput(fields, { email: 'a@b.c', subscribe: true, age: 3, meta: [1, { x: 2 }] })).toEqual([]);
  });

  it('names each missing or mistyped field', () => {
    const problems = validateHttpInput(fields, { age: '42', subscribe: 'yes', email: null });
    expect(problems.map((p) => [p.code, p.path])).toEqual([
      ['missing_field', 'email'],
      ['invalid_field', 'age'],
      ['invalid_field', 'subscribe'],
    ]);
    expect(problems[1]!.message).toBe('Field "age" must be a number, but it is text.');
    expect(problems[2]!.message).toBe('Field "subscribe" must be true or false, but it is text.');
    expect(validateHttpInput(fields, { email: 'x', subscribe: true, age: Number.NaN })[0]?.path).toBe('age');
  });

  it('refuses a payload that is not an object, unless no fields are declared', () => {
    expect(validateHttpInput(fields, [1, 2])[0]?.code).toBe('invalid_request');
    expect(validateHttpInput(fields, 'text')[0]?.message).toMatch(/JSON object with the fields "email", "age"/);
    expect(validateHttpInput([], [1, 2])).toEqual([]);
  });
});

describe('inputFromQuery', () => {
  it('converts query text to the declared types and keeps what does not convert', () => {
    const payload = inputFromQuery(fields, new URLSearchParams('email=a%40b.c&age=42&subscribe=true&meta=%7B%22x%22%3A1%7D&other=5'));
    expect(payload).toEqual({ email: 'a@b.c', age: 42, subscribe: true, meta: { x: 1 }, other: '5' });
    const bad = inputFromQuery(fields, new URLSearchParams('email=x&age=old&subscribe=1'));
    expect(bad).toEqual({ email: 'x', age: 'old', subscribe: '1' });
    expect(validateHttpInput(fields, bad).map((p) => p.path)).toEqual(['age', 'subscribe']);
    expect(inputFromQuery(fields, new URLSearchParams('age=')).age).toBe('');
  });
});

describe('http-trigger executor', () => {
  it('outputs the request payload', async () => {
    const payload = { email: 'ada@example.com', subscribe: true };
    expect(await run({ fields }, payload)).toEqual({ out: payload });
  });

  it('outputs the sample on a test run without a payload', async () => {
    expect(await run({ fields: [], sample: { hello: 'world' } })).toEqual({ out: { hello: 'world' } });
  });

  it('refuses a request that does not fit, naming the field', async () => {
    const error = await run({ fields }, { email: 'a@b.c', subscribe: 'no' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BlockError);
    expect((error as BlockError).message).toBe('The request was refused: Field "subscribe" must be true or false, but it is text.');
    expect((error as BlockError).where).toEqual({ code: 'invalid_request' });
  });

  it('points at the sample when the sample does not fit', async () => {
    const error = await run({ fields, sample: { email: 'a@b.c' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BlockError);
    expect((error as BlockError).message).toMatch(/sample request does not fit.*Field "subscribe" is required/);
    expect((error as BlockError).where.field).toBe('sample');
  });
});
