import { describe, expect, it } from 'vitest';
import { execContext } from '@/blocks/code/testing';
import { textBlock } from './text.block';
import { executeText } from './text.exec';
import { thrown } from '@/blocks/core/testing/errors';

const fill = (input: unknown, markdown?: string) =>
  executeText({ inputs: input === undefined ? {} : { in: input }, config: textBlock.configSchema.parse({ markdown }), ctx: execContext() });

describe('text block', () => {
  it('shows the default text as it is, with or without an input', () => {
    const { markdown } = textBlock.configSchema.parse({});
    expect(fill(undefined)).toEqual({ out: markdown });
    expect(fill({ a: 1 })).toEqual({ out: markdown });
  });

  it('fills {{input.x}} placeholders, nested ones and whole values', () => {
    const input = { name: 'Ada', stats: { score: 5, tags: ['x', 'y'] }, ok: true };
    expect(
      fill(input, '# Hi {{input.name}}\n\nScore: **{{ input.stats.score }}**, first tag {{input.stats.tags.0}}, ok: {{input.ok}}'),
    ).toEqual({
      out: '# Hi Ada\n\nScore: **5**, first tag x, ok: true',
    });
    expect(fill([1, 2], 'Values: {{input}}')).toEqual({ out: 'Values: [1,2]' });
  });

  it('names the placeholder, on the markdown field, when it cannot be filled', () => {
    const missing = thrown(() => fill({ name: 'Ada' }, 'Hi {{input.nme}}'));
    expect(missing.where.field).toBe('markdown');
    expect(missing.message).toContain('{{input.nme}}');
    const noInput = thrown(() => fill(undefined, 'Hi {{input.name}}'));
    expect(noInput.where.field).toBe('markdown');
    expect(noInput.message).toContain('{{input.name}}');
  });

  it('refuses bad placeholders and secrets already in the config', () => {
    expect(textBlock.configSchema.safeParse({ markdown: 'Hi {{input.name}}' }).success).toBe(true);
    expect(textBlock.configSchema.safeParse({ markdown: 'Key: {{secret.API_KEY}}' }).success).toBe(false);
    expect(textBlock.configSchema.safeParse({ markdown: 'Hi {{ name + 1 }}' }).success).toBe(false);
    expect(textBlock.configSchema.safeParse({ markdown: 'Hi {{user.name}}' }).success).toBe(false);
  });
});
