/**
 * A block definition: what the editor shows, the compiler checks and the runtime runs.
 * Browser-safe: no executor code here (that lives in `<type>.exec.ts`, server-only).
 * A shipped `type@version` never changes its contract; a breaking change is a new version with a
 * `migrate` from the one before.
 */
import { z } from 'zod';
import type { TEndpointSpec } from './bundle';
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
  /** Other words a builder may search the palette for ("api" for HTTP request). */
  keywords?: readonly string[];
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
   * Starts runs (every trigger; also the UI blocks a visitor acts on: a form, a button), and how
   * a deployed app reaches it: the manifest's trigger kind and, by kind, its endpoint or clock.
   * Such blocks get the run's payload as `ctx.trigger`. A `trigger`-category block without it
   * runs in the editor only (the compiler refuses to deploy it).
   */
  trigger?: TTriggerTrait<z.infer<TConfig>>;
  /**
   * For blocks with side-effect capabilities (storage, net, ...): the configs that only read, so
   * that the block may run when a visitor opens the page (runtime/apps/page-load.ts, rule 3).
   * Without it such a block never runs on page load.
   */
  pageLoad?: { isRead(config: z.infer<TConfig>): boolean };
  /**
   * A config field holding an uploaded file, stored in the bundle as `data/<nodeId>.<extension>`
   * rather than inline in the manifest (the Dataset's CSV or JSON text).
   */
  dataFile?: { field: string; extension(config: z.infer<TConfig>): string };
  /**
   * The block's texts in the languages other than English (which is this definition's own):
   * `blocks/<type>/<type>.messages.ts`. See blocks/core/messages.ts.
   */
  messages?: TBlockMessages;
}

/**
 * The trigger trait, by manifest trigger kind (blocks/core/bundle.ts ZTrigger): an `http`
 * trigger names its endpoint from its config; forms and buttons answer at POST /api/<nodeId>;
 * a schedule names its interval.
 */
export type TTriggerTrait<TConfig = unknown> =
  | { kind: 'manual' | 'form' | 'button' }
  | { kind: 'http'; endpoint(config: TConfig): TEndpointSpec }
  | { kind: 'schedule'; everyMs(config: TConfig): number };

export function startsRun(definition: Pick<TBlockDefinition, 'category' | 'trigger'>): boolean {
  return definition.category === 'trigger' || definition.trigger !== undefined;
}

export type TConfigOf<D extends TBlockDefinition> = z.infer<D['configSchema']>;

/** Helps TypeScript keep the config schema's type while checking the definition's shape. */
export function defineBlock<TConfig extends z.ZodType>(definition: TBlockDefinition<TConfig>): TBlockDefinition<TConfig> {
  return definition;
}
