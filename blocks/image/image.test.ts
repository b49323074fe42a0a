import { describe, expect, it } from 'vitest';
import { execContext } from '@/blocks/code/testing';
import { imageBlock } from './image.block';
import { executeImage } from './image.exec';
import { isAllowedImageSource } from './source';
import { thrown } from '@/blocks/core/testing/errors';

const show = (inputs: Record<string, unknown>, config: Record<string, unknown> = {}) =>
  executeImage({ inputs, config: imageBlock.configSchema.parse(config), ctx: execContext() });

describe('image block', () => {
  it('shows an http(s) or data:image address from the config or the input', () => {
    expect(imageBlock.configSchema.parse({})).toEqual({ src: '', alt: '', width: 0 });
    expect(show({}, { src: 'https://example.com/cat.png', alt: 'A cat' })).toEqual({});
    expect(show({ src: 'http://example.com/a.jpg' })).toEqual({});
    expect(show({ src: 'data:image/png;base64,iVBORw0KGgo=' }, { src: 'https://example.com/fallback.png' })).toEqual({});
  });

  it('needs an address from the input or the config, naming src', () => {
    const error = thrown(() => show({}));
    expect(error.where).toMatchObject({ field: 'src', code: 'missing_src' });
    expect(thrown(() => show({ src: '   ' })).where.field).toBe('src');
  });

  it('prefers the input and blames it when its address is not allowed', () => {
    const error = thrown(() => show({ src: 'javascript:alert(1)' }, { src: 'https://example.com/ok.png' }));
    expect(error.where).toMatchObject({ port: 'src', code: 'invalid_src' });
  });

  it('allows only http(s) and data:image addresses', () => {
    for (const ok of ['https://x.org/a.svg', 'HTTP://X.ORG/A', 'data:image/svg+xml,%3Csvg%3E', 'data:image/webp;base64,AAAA'])
      expect(isAllowedImageSource(ok), ok).toBe(true);
    for (const bad of [
      'javascript:alert(1)',
      'file:///etc/passwd',
      'data:text/html,<script>',
      'ftp://x.org/a.png',
      '/relative.png',
      'not a url',
    ])
      expect(isAllowedImageSource(bad), bad).toBe(false);
    expect(imageBlock.configSchema.safeParse({ src: 'javascript:alert(1)' }).success).toBe(false);
    expect(
      thrown(() => executeImage({ inputs: {}, config: { src: 'file:///x', alt: '', width: 0 }, ctx: execContext() })).where.field,
    ).toBe('src');
  });
});
