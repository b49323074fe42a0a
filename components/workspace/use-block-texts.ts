'use client';

import { useLocale } from 'next-intl';
import { useCallback } from 'react';
import type { TBlockDefinition } from '@/blocks/core/block';
import { blockTexts, type TBlockTexts } from '@/blocks/core/messages';

/** A block's title, description, port and field texts in the page's language. */
export function useBlockTexts(definition: TBlockDefinition): TBlockTexts;
export function useBlockTexts(definition: TBlockDefinition | undefined): TBlockTexts | undefined;
export function useBlockTexts(definition: TBlockDefinition | undefined): TBlockTexts | undefined {
  const locale = useLocale();
  return definition && blockTexts(definition, locale);
}

/** The same for many blocks at once (the palette), as a lookup. */
export function useBlockTextsOf(): (definition: TBlockDefinition) => TBlockTexts {
  const locale = useLocale();
  return useCallback((definition: TBlockDefinition) => blockTexts(definition, locale), [locale]);
}
