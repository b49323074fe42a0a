import { describe, expect, it } from 'vitest';
import { httpRequestBlock } from '@/blocks/http-request/http-request.block';
import { blockTexts, configJsonSchema, englishTexts, portLabel, withFieldTexts } from './messages';
import { testBlocks } from './testing/test-blocks';

describe('a block’s texts', () => {
  it('are the definition’s own in English: title, port labels, field labels and help', () => {
    const en = englishTexts(httpRequestBlock);
    expect(en.title).toBe('HTTP request');
    expect(en.outputs.status).toEqual({ label: 'Status', description: 'The HTTP status code, e.g. 200' });
    expect(en.fields.timeoutMs?.label).toBe('Timeout ms');
    expect(en.fields['headers.name']).toEqual({ label: 'Name', help: 'Header name' });
  });

  it('come from the block’s messages in Korean, and fall back to English for a block without them', () => {
    const ko = blockTexts(httpRequestBlock, 'ko');
    expect(ko.title).toBe('HTTP 요청');
    expect(portLabel(ko, 'outputs', 'status')).toBe('상태');
    const untranslated = Object.values(testBlocks)[0]!;
    expect(blockTexts(untranslated, 'ko')).toEqual(englishTexts(untranslated));
    expect(blockTexts(httpRequestBlock, 'ko')).toBe(ko); // one object per block and language
  });

  it('label the inspector’s fields, list items included, without changing the schema itself', () => {
    const schema = configJsonSchema(httpRequestBlock);
    const localized = withFieldTexts(schema, blockTexts(httpRequestBlock, 'ko').fields);
    expect(localized.properties?.url?.title).toBe('URL');
    expect(localized.properties?.headers?.items?.properties?.name?.title).toBe('이름');
    expect(localized.properties?.headers?.items?.properties?.value?.description).toMatch(/시크릿/);
    expect(schema.properties?.url?.title).toBeUndefined();
  });
});
