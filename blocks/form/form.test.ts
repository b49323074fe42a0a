import { describe, expect, it } from 'vitest';
import { startsRun } from '@/blocks/core/block';
import { BlockError, type TJson } from '@/blocks/core/executor';
import { execContext, runBlocks } from '@/blocks/code/testing';
import { formBlock, type TFormField } from './form.block';
import { executeForm } from './form.exec';
import { normalizeFormSubmission, validateFormSubmission } from './validate';

const fields: TFormField[] = [
  { name: 'name', label: 'Your name', type: 'text', required: true },
  { name: 'email', label: 'Email', type: 'email', required: true },
  { name: 'age', label: '', type: 'number', required: false },
  { name: 'bio', label: 'About you', type: 'textarea', required: false },
  { name: 'terms', label: 'I agree', type: 'checkbox', required: true },
  { name: 'news', label: 'Newsletter', type: 'checkbox', required: false },
];
const good = { name: 'Ada', email: ' ada@example.com ', age: '36', terms: true };

const submit = (payload: TJson | undefined, config: Record<string, unknown> = { fields }) =>
  executeForm({
    inputs: {},
    config: formBlock.configSchema.parse(config),
    ctx: execContext(payload === undefined ? {} : { trigger: { nodeId: 'node-1', payload } }),
  });

describe('form block', () => {
  it('starts runs and has a usable default form', () => {
    expect(startsRun(formBlock)).toBe(true);
    const config = formBlock.configSchema.parse({});
    expect(config.submitLabel).toBe('Submit');
    expect(config.fields.map((f) => f.name)).toEqual(['name', 'message']);
    // A field given only a name gets the other defaults (as in the guestbook template).
    expect(formBlock.configSchema.parse({ fields: [{ name: 'note' }] }).fields).toEqual([
      { name: 'note', label: '', type: 'text', required: false },
    ]);
  });

  it('refuses field names that are not identifiers, duplicates, and an empty form', () => {
    expect(formBlock.configSchema.safeParse({ fields: [{ name: 'first name' }] }).success).toBe(false);
    expect(formBlock.configSchema.safeParse({ fields: [{ name: '1st' }] }).success).toBe(false);
    const dup = formBlock.configSchema.safeParse({ fields: [{ name: 'a' }, { name: 'a' }] });
    expect(dup.error?.issues[0]?.path).toEqual(['fields', 1, 'name']);
    expect(formBlock.configSchema.safeParse({ fields: [] }).success).toBe(false);
  });

  it('outputs the normalised submission: only the fields, numbers as numbers, empty as null, unticked as false', () => {
    expect(submit({ ...good, extra: 'ignored' })).toEqual({
      submitted: { name: 'Ada', email: 'ada@example.com', age: 36, bio: null, terms: true, news: false },
    });
  });

  it('fails naming the field when a submission is wrong', () => {
    const attempt = (payload: TJson) => {
      try {
        submit(payload);
      } catch (error) {
        expect(error).toBeInstanceOf(BlockError);
        return (error as BlockError).message;
      }
      throw new Error('expected a BlockError');
    };
    expect(attempt({ ...good, name: '  ' })).toContain('Your name: is required');
    expect(attempt({ ...good, email: 'ada-at-example' })).toContain('Email: must be an email address');
    expect(attempt({ ...good, age: 'old' })).toContain('age: must be a number');
    expect(attempt({ ...good, terms: false })).toContain('I agree: must be ticked');
    expect(attempt('just text')).toContain('must be an object');
  });

  it('outputs nothing when the run was not started by a submission', () => {
    const result = executeForm({ inputs: {}, config: formBlock.configSchema.parse({}), ctx: execContext() });
    expect(result).toEqual({});
  });

  it('starts a run with the submission and feeds it on', async () => {
    const { trace, node } = await runBlocks(
      [
        ['form', 'form', { fields }],
        ['after', 'delay', { ms: 0 }],
      ],
      ['form.submitted>after.in'],
      { trigger: 'form', payload: good },
    );
    expect(trace.status).toBe('ok');
    expect(node('after').outputs).toEqual({ out: { name: 'Ada', email: 'ada@example.com', age: 36, bio: null, terms: true, news: false } });

    const bad = await runBlocks(
      [
        ['form', 'form', { fields }],
        ['after', 'delay', { ms: 0 }],
      ],
      ['form.submitted>after.in'],
      { trigger: 'form', payload: {} },
    );
    expect(bad.node('form')).toMatchObject({
      status: 'error',
      diagnostics: [{ code: 'invalid_submission', message: expect.stringContaining('Your name') }],
    });
    expect(bad.node('after').status).toBe('skipped');
  });
});

describe('validateFormSubmission', () => {
  it('accepts a good submission and reports each wrong field by path', () => {
    expect(validateFormSubmission(fields, good)).toEqual([]);
    const problems = validateFormSubmission(fields, { name: 5, email: '', age: true, bio: 'x'.repeat(10_001), terms: 'yes' });
    expect(problems.map((p) => [p.path, p.code])).toEqual([
      ['name', 'invalid_type'],
      ['email', 'required'],
      ['age', 'invalid_type'],
      ['bio', 'too_long'],
      ['terms', 'invalid_type'],
    ]);
    expect(problems.every((p) => p.severity === 'error')).toBe(true);
  });

  it('does not take inherited properties for submitted values', () => {
    const inherited: TFormField[] = [{ name: 'constructor', label: '', type: 'text', required: true }];
    expect(validateFormSubmission(inherited, {}).map((p) => p.code)).toEqual(['required']);
  });

  it('leaves optional fields alone when they are empty', () => {
    expect(validateFormSubmission(fields, { ...good, age: '', bio: null, news: undefined })).toEqual([]);
  });

  it('normalises only what it is given to', () => {
    expect(normalizeFormSubmission([{ name: 'n', label: '', type: 'number', required: false }], { n: ' 4.5 ' })).toEqual({ n: 4.5 });
  });
});
