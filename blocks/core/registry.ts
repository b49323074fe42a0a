/** Looks up block definitions by type and version. */
import type { TBlockDefinition } from './block';

export interface TBlockRegistry {
  all: readonly TBlockDefinition[];
  /** The exact `type@version`, or undefined. */
  get(type: string, version: number): TBlockDefinition | undefined;
  /** The newest version of a type, or undefined. */
  latest(type: string): TBlockDefinition | undefined;
}

export function blockKey(type: string, version: number): string {
  return `${type}@${version}`;
}

export function createRegistry(definitions: readonly TBlockDefinition[]): TBlockRegistry {
  const byKey = new Map(definitions.map((d) => [blockKey(d.type, d.version), d]));
  const latest = new Map<string, TBlockDefinition>();
  for (const d of definitions) {
    const current = latest.get(d.type);
    if (!current || current.version < d.version) latest.set(d.type, d);
  }
  return {
    all: definitions,
    get: (type, version) => byKey.get(blockKey(type, version)),
    latest: (type) => latest.get(type),
  };
}

/**
 * Brings a node's config from its version to the newest by applying each version's `migrate`
 * in turn. Returns undefined when a step is missing (the caller reports it).
 */
export function migrateConfig(
  registry: TBlockRegistry,
  type: string,
  fromVersion: number,
  config: unknown,
): { version: number; config: unknown } | undefined {
  const target = registry.latest(type);
  if (!target) return undefined;
  let current = config;
  for (let v = fromVersion + 1; v <= target.version; v++) {
    const step = registry.get(type, v);
    if (!step?.migrate) return undefined;
    current = step.migrate(current);
  }
  return { version: target.version, config: current };
}
