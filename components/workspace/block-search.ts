/**
 * The palette's search: every word typed must begin a word of the block (its title, category,
 * keywords, type or description), so "AI" finds AI blocks and not "mAIl" or "dAIly". Matches
 * are ranked by where the words begin: a title outranks a category, which outranks a keyword,
 * the type and then the description.
 */
import type { TBlockDefinition } from '@/blocks/core/block';

type TSearchable = Pick<TBlockDefinition, 'type' | 'title' | 'description' | 'category' | 'keywords'>;

/** A block's texts in the page's language (its category's name among them); English is the definition's own. */
export interface TLocalTexts {
  title: string;
  description: string;
  category: string;
}

const englishTexts = (block: TSearchable): TLocalTexts => ({ title: '', description: '', category: block.category });

/** How much a query word counts where it begins a word; a whole-word match counts one more. */
const FIELD_WEIGHTS = { title: 8, category: 6, keywords: 5, type: 4, description: 1 } as const;
/** A query longer than this is cut: the search runs on every key press. */
const MAX_QUERY_WORDS = 8;

/** Lowercased words (letters and digits of any script), in order. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** The words of each field, in English and in the page's language (a Korean user may type either). */
function fieldWords(block: TSearchable, local: TLocalTexts): Record<keyof typeof FIELD_WEIGHTS, string[]> {
  return {
    title: words(`${block.title} ${local.title}`),
    category: words(local.category),
    keywords: words((block.keywords ?? []).join(' ')),
    type: words(block.type),
    description: words(`${block.description} ${local.description}`),
  };
}

/** The best score of one query word in a block, 0 when it begins none of the block's words. */
function wordScore(queryWord: string, fields: Record<keyof typeof FIELD_WEIGHTS, string[]>): number {
  let best = 0;
  for (const field of Object.keys(FIELD_WEIGHTS) as (keyof typeof FIELD_WEIGHTS)[]) {
    for (const word of fields[field]) {
      if (!word.startsWith(queryWord)) continue;
      best = Math.max(best, FIELD_WEIGHTS[field] + (word === queryWord ? 1 : 0));
    }
  }
  return best;
}

/** The blocks that match every word of `query`, best first (ties keep the given order); all of them for an empty query. */
export function searchBlocks<T extends TSearchable>(
  blocks: readonly T[],
  query: string,
  localTexts: (block: T) => TLocalTexts = englishTexts,
): T[] {
  const queryWords = words(query).slice(0, MAX_QUERY_WORDS);
  if (queryWords.length === 0) return [...blocks];
  const scored: { block: T; score: number; index: number }[] = [];
  blocks.forEach((block, index) => {
    const fields = fieldWords(block, localTexts(block));
    let score = 0;
    for (const queryWord of queryWords) {
      const s = wordScore(queryWord, fields);
      if (s === 0) return;
      score += s;
    }
    scored.push({ block, score, index });
  });
  return scored.sort((a, b) => b.score - a.score || a.index - b.index).map((s) => s.block);
}
