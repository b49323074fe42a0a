import { describe, expect, it } from 'vitest';
import type { TBlockDefinition } from '@/blocks/core/block';
import { BLOCK_DEFINITIONS } from '@/blocks/registry';
import { searchBlocks, words } from './block-search';

type TEntry = Pick<TBlockDefinition, 'type' | 'title' | 'description' | 'category' | 'keywords'>;
const block = (type: string, title: string, description: string, category: TEntry['category'], keywords?: string[]): TEntry => ({
  type,
  title,
  description,
  category,
  ...(keywords ? { keywords } : {}),
});

const schedule = block('schedule', 'Schedule', 'Runs the flow daily or hourly and can send mail.', 'trigger');
const classifier = block('classifier', 'Text classifier', 'Sorts texts into labels.', 'ai');
const assistant = block('ai-assistant', 'AI assistant', 'Answers questions.', 'ai');
const fetcher = block('http-request', 'HTTP request', 'Calls a web address.', 'data', ['api', 'fetch']);
const email = block('email', 'Send email', 'Sends a message to an address.', 'data', ['aim']);

describe('the palette search', () => {
  it('matches words by their beginning, not letters inside them: "AI" does not find daily or mail', () => {
    expect(searchBlocks([schedule], 'AI')).toEqual([]);
    expect(searchBlocks(BLOCK_DEFINITIONS, 'AI').map((d) => d.type)).not.toContain('schedule');
    expect(searchBlocks([schedule], 'dai')).toEqual([schedule]);
  });

  it('ranks a title match over a category match over a keyword', () => {
    expect(searchBlocks([email, classifier, assistant], 'ai')).toEqual([assistant, classifier, email]);
  });

  it('needs every word typed, in any field', () => {
    expect(searchBlocks([fetcher, email], 'http api')).toEqual([fetcher]);
    expect(searchBlocks([fetcher, email], 'fetch web')).toEqual([fetcher]);
    expect(searchBlocks([fetcher, email], 'fetch mail')).toEqual([]);
  });

  it('finds real blocks by title, keyword and type, case aside', () => {
    const types = (q: string) => searchBlocks(BLOCK_DEFINITIONS, q).map((d) => d.type);
    expect(types('SCHED')[0]).toBe('schedule');
    expect(types('api')).toContain('http-request');
    expect(types('key-value')[0]).toBe('key-value');
  });

  it('keeps every block, in order, for an empty query', () => {
    expect(searchBlocks([fetcher, email], '  ')).toEqual([fetcher, email]);
  });

  it('splits words of any script', () => {
    expect(words('Key-value 저장소, HTTP')).toEqual(['key', 'value', '저장소', 'http']);
  });
});
