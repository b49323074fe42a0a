/**
 * A block definition: what the editor shows, the compiler checks and the runtime runs.
 * Browser-safe: no executor code here (that lives in `<type>.exec.ts`, server-only).
 * A shipped `type@version` never changes its contract; a breaking change is a new version with a
 * `migrate` from the one before.
 */
import { z } from 'zod';
import type { TBlockMessages } from './messages';
import type { TPortType } from './ports';

export const BLOCK_CATEGORIES = ['trigger', 'data', 'logic', 'ai', 'storage', 'contract', 'ui', 'canvas'] as const;
export type TBlockCategory = (typeof BLOCK_CATEGORIES)[number];

/** What a block may do beyond computing on its inputs; declared, shown at deploy, enforced. */
export const CAPABILITIES = ['storage', 'ai', 'chain', 'net', 'code', 'log'] as const;
export type TCapability = (typeof CAPABILITIES)[number];

export interface TPortSpec {
  /** The handle id on the canvas and the key in inputs/outputs. */
  name: string;
  type: TPortType;
  label?: string;
  description?: string;
  /** Inputs only: the block cannot run without it. */
  required?: boolean;
}

export interface TBlockDefinition<TConfig extends z.ZodType = z.ZodType> {
  type: string;
  version: number;
  category: TBlockCategory;
  title: string;
  description: string;
  /** A lucide icon name (kebab-case), e.g. "globe". */
  icon: string;
  inputs: TPortSpec[];
  outputs: TPortSpec[];
  /**
   * Parsed with defaults before every run. Field `.describe()` texts and `.meta({ widget })`
   * (text, textarea, code, json, secret) drive the generated inspector.
   */
  configSchema: TConfig;
  capabilities: TCapability[];
  /** Turns a config of the previous version into this version's; required when version > 1. */
  migrate?: (previous: unknown) => unknown;
  /**
   * Starts runs. True for every trigger; also for UI blocks a visitor acts on (a form, a
   * button). Such blocks get the run's payload as `ctx.trigger`.
   */
  startsRun?: boolean;
  /**
   * The block's texts in the languages other than English (which is this definition's own):
   * `blocks/<type>/<type>.messages.ts`. See blocks/core/messages.ts.
   */
  messages?: TBlockMessages;
}

export function startsRun(definition: Pick<TBlockDefinition, 'category' | 'startsRun'>): boolean {
  return definition.category === 'trigger' || definition.startsRun === true;
}

export type TConfigOf<D extends TBlockDefinition> = z.infer<D['configSchema']>;

/** Helps TypeScript keep the config schema's type while checking the definition's shape. */
export function defineBlock<TConfig extends z.ZodType>(definition: TBlockDefinition<TConfig>): TBlockDefinition<TConfig> {
  return definition;
}
