/**
 * Child process for the crash-safety test: opens the embedded database in a folder and saves
 * ever-larger graphs as fast as it can, until it is killed. Prints "ready <projectId>" once the
 * project exists and "saved <version>" after each save.
 */
import { GRAPH_SCHEMA_VERSION, type TGraph } from '@/blocks/core/graph';
import { openDatabase } from '@/server/db/client';
import { insertTestUser } from '@/server/testing/databases';
import { createProject, saveGraph } from '@/server/services/projects';

/** Every node of generation n carries n; a half-written graph would mix generations. */
export function generationGraph(generation: number): TGraph {
  const count = 50 + (generation % 200);
  return {
    schemaVersion: GRAPH_SCHEMA_VERSION,
    nodes: Array.from({ length: count }, (_, i) => ({
      id: `n${i}`,
      type: 'note',
      version: 1,
      position: { x: i * 10, y: generation },
      config: { text: `generation ${generation} `.repeat(20), generation },
    })),
    edges: [],
  };
}

async function main() {
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('usage: save-loop <dataDir>');
  const database = await openDatabase({ kind: 'pglite', dataDir });
  const ctx = { db: database.db, userId: await insertTestUser(database, 'crash') };
  const project = await createProject(ctx, { name: 'Crash test' });
  console.log(`ready ${project.id}`);
  let version = project.version;
  for (let generation = 1; ; generation++) {
    version = (await saveGraph(ctx, { projectId: project.id, baseVersion: version, graph: generationGraph(generation) })).version;
    console.log(`saved ${version}`);
  }
}

if (process.argv[1]?.endsWith('save-loop.ts')) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
