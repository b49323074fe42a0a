/**
 * Click-to-live: how long a deploy takes, and how long until the node serves the new page.
 *
 * Everything is real and in this process: PGlite (in memory) with the migrations, a test user,
 * a DAIOS node (libp2p + Helia, temp data dir) serving apps through serveApps, the control
 * client over loopback HTTP, the deploy and preview services. A project is made from the
 * guestbook template and deployed once (cold: it also creates the user's signing key), then
 * 10 times: the form title is changed in the stored graph (saveGraph), and
 *
 *   deploy -> live   deployProject from its call until its 'live' stage (the name moved)
 *   deploy -> page   from the same call until GET /apps/<name>/ answers with the new title
 *
 * then the same for previews, 10 times: saveGraph, then
 *
 *   updatePreview            its call until it returns (compiled, signed, published, preview set)
 *   preview first byte       its call until the headers of GET /preview/<id>/ whose body has
 *                            the new title ("preview updated after an edit")
 *
 * Targets: deploy median <= 1 s; preview updated after an edit <= 0.3 s.
 * Run: npx tsx bench/deploy.bench.ts   (prints figures; never fails on a target)
 */
import { cpus, loadavg } from 'node:os';
import { silentLogger } from '../runtime/node/logger';
import { serveApps } from '../runtime/node/serve-apps';
import { removeDataDir, startTestNode, TEST_CONTROL_TOKEN } from '../runtime/node/testing/nodes';
import { createControlClient } from '../runtime/protocol/control-client';
import { deployProject, type TDeployStage } from '../server/services/deploy';
import { updatePreview } from '../server/services/preview';
import { createProject, getProject, saveGraph, type TServiceContext } from '../server/services/projects';
import { insertTestUser, testDatabaseTargets } from '../server/testing/databases';
import { median, percentile } from './stats';

const RUNS = 10;
const APP_NAME = 'bench-guestbook';
const MASTER_KEY = 'bench-master-key-that-is-long-enough-0123456789';
const POLL_TIMEOUT_MS = 10_000;

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/**
 * GETs `url` until the body contains `text`; resolves with the time (performance.now()) the
 * headers of that answer arrived and the time its body was read.
 */
async function pollUntilServed(url: string, text: string): Promise<{ headersAt: number; bodyAt: number; attempts: number }> {
  const deadline = performance.now() + POLL_TIMEOUT_MS;
  let attempts = 0;
  while (performance.now() < deadline) {
    attempts++;
    const response = await fetch(url);
    const headersAt = performance.now();
    const body = await response.text();
    if (response.ok && body.includes(text)) return { headersAt, bodyAt: performance.now(), attempts };
  }
  throw new Error(`${url} did not show "${text}" within ${POLL_TIMEOUT_MS} ms`);
}

async function setFormTitle(ctx: TServiceContext, projectId: string, title: string): Promise<number> {
  const stored = await getProject(ctx, projectId);
  const graph = structuredClone(stored.graph);
  const form = graph.nodes.find((n) => n.type === 'form');
  if (!form) throw new Error('the guestbook template has no form');
  form.config.title = title;
  const started = performance.now();
  await saveGraph(ctx, { projectId, baseVersion: stored.version, graph });
  return performance.now() - started;
}

function row(label: string, values: readonly number[], target?: number): string {
  const med = median(values);
  const verdict = target === undefined ? '' : `   target <= ${target} ms: ${med <= target ? 'MET' : 'MISSED'}`;
  return `${label.padEnd(52)} median ${med.toFixed(1).padStart(7)} ms   p90 ${percentile(values, 90).toFixed(1).padStart(7)} ms   (min ${Math.min(
    ...values,
  ).toFixed(1)}, max ${Math.max(...values).toFixed(1)})${verdict}`;
}

async function main() {
  console.log(`deploy bench: ${RUNS} runs each, Node ${process.version}, ${cpus().length} CPUs, load average at start ${load()}\n`);
  const [pglite] = testDatabaseTargets();
  const database = await pglite!.open();
  let node: Awaited<ReturnType<typeof startTestNode>> | undefined;
  let apps: Awaited<ReturnType<typeof serveApps>> | undefined;
  try {
    const ctx: TServiceContext = { db: database.db, userId: await insertTestUser(database, 'bench') };
    node = await startTestNode();
    apps = await serveApps(node, { dataDir: node.dataDir, logger: silentLogger });
    const client = createControlClient({ url: node.httpUrl, token: TEST_CONTROL_TOKEN });
    const project = await createProject(ctx, { name: 'Bench guestbook', templateId: 'guestbook' });
    const appUrl = `${node.httpUrl}/apps/${APP_NAME}/`;

    // Cold: the first deploy also creates the user's signing key and warms every cache.
    let t = performance.now();
    const first = await deployProject(ctx, { projectId: project.id, appName: APP_NAME }, { node: client, masterKey: MASTER_KEY });
    if (!first.ok) throw new Error(`first deploy failed: ${JSON.stringify(first.diagnostics)}`);
    const coldDeploy = performance.now() - t;
    await pollUntilServed(appUrl, 'Sign the guestbook');
    const coldServed = performance.now() - t;
    t = performance.now();
    const firstPreview = await updatePreview(ctx, project.id, { node: client, masterKey: MASTER_KEY });
    if (!firstPreview.ok) throw new Error(`first preview failed: ${JSON.stringify(firstPreview.diagnostics)}`);
    await pollUntilServed(`${node.httpUrl}/preview/${firstPreview.id}/`, 'Sign the guestbook');
    const coldPreview = performance.now() - t;

    const saveMs: number[] = [];
    const liveMs: number[] = [];
    const returnedMs: number[] = [];
    const servedMs: number[] = [];
    const servedBodyMs: number[] = [];
    const stageMs: Record<TDeployStage, number[]> = { compile: [], sign: [], upload: [], verify: [], live: [] };
    let extraPolls = 0;
    for (let i = 1; i <= RUNS; i++) {
      const title = `Deployed edit ${i} of ${RUNS}`;
      saveMs.push(await setFormTitle(ctx, project.id, title));
      const stages: [TDeployStage, number][] = [];
      let served: Promise<Awaited<ReturnType<typeof pollUntilServed>>> | undefined;
      const started = performance.now();
      const result = await deployProject(
        ctx,
        { projectId: project.id },
        {
          node: client,
          masterKey: MASTER_KEY,
          onStage: (stage) => {
            stages.push([stage, performance.now()]);
            // A visitor may load the page as soon as the name moved.
            if (stage === 'live') served = pollUntilServed(appUrl, title);
          },
        },
      );
      const returned = performance.now();
      if (!result.ok || result.unchanged) throw new Error(`deploy ${i} did not deploy: ${JSON.stringify(result)}`);
      const page = await served!;
      extraPolls += page.attempts - 1;
      liveMs.push(stages.find(([s]) => s === 'live')![1] - started);
      returnedMs.push(returned - started);
      servedMs.push(page.headersAt - started);
      servedBodyMs.push(page.bodyAt - started);
      // Each stage's own share: from its start to the next stage's start ('live' to the return).
      for (let s = 0; s < stages.length; s++) {
        const [stage, at] = stages[s]!;
        stageMs[stage].push((stages[s + 1]?.[1] ?? returned) - at);
      }
    }

    const previewSaveMs: number[] = [];
    const previewMs: number[] = [];
    const previewFirstByteMs: number[] = [];
    const previewWithSaveMs: number[] = [];
    let previewExtraPolls = 0;
    for (let i = 1; i <= RUNS; i++) {
      const title = `Previewed edit ${i} of ${RUNS}`;
      const save = await setFormTitle(ctx, project.id, title);
      previewSaveMs.push(save);
      const started = performance.now();
      const result = await updatePreview(ctx, project.id, { node: client, masterKey: MASTER_KEY });
      const returned = performance.now();
      if (!result.ok) throw new Error(`preview ${i} failed: ${JSON.stringify(result.diagnostics)}`);
      const page = await pollUntilServed(`${node.httpUrl}/preview/${result.id}/`, title);
      previewExtraPolls += page.attempts - 1;
      previewMs.push(returned - started);
      previewFirstByteMs.push(page.headersAt - started);
      previewWithSaveMs.push(save + page.headersAt - started);
    }

    console.log(
      `cold (first) deploy, incl. creating the signing key:  ${coldDeploy.toFixed(1)} ms; page served after ${coldServed.toFixed(1)} ms`,
    );
    console.log(`cold (first) preview, to its page:                    ${coldPreview.toFixed(1)} ms\n`);
    console.log(`Deploy after an edit of the form title (${RUNS} runs; saveGraph before each, not counted):`);
    console.log(row('  saveGraph (not counted below)', saveMs));
    console.log(row("  deployProject: call -> 'live' stage", liveMs, 1000));
    console.log(row('  deployProject: call -> returned', returnedMs));
    console.log(row('  call -> new page served (first byte)', servedMs, 1000));
    console.log(row('  call -> new page served (whole body)', servedBodyMs));
    for (const stage of ['compile', 'sign', 'upload', 'verify', 'live'] as const) {
      console.log(row(`    stage ${stage}${stage === 'live' ? ' (record the deployment)' : ''}`, stageMs[stage]));
    }
    console.log(`  (GETs that still showed the old page: ${extraPolls} in ${RUNS} runs)\n`);
    console.log(`Preview after an edit of the form title (${RUNS} runs):`);
    console.log(row('  saveGraph (not counted in the next two)', previewSaveMs));
    console.log(row('  updatePreview: call -> returned', previewMs));
    console.log(row('  updatePreview + first byte of the updated page', previewFirstByteMs, 300));
    console.log(row('  saveGraph + updatePreview + first byte', previewWithSaveMs));
    console.log(`  (GETs that still showed the old page: ${previewExtraPolls} in ${RUNS} runs)`);
    console.log(`\nload average at end ${load()} (1, 5, 15 min; ${cpus().length} CPUs)`);
  } finally {
    await apps?.close();
    if (node) {
      await node.stop();
      await removeDataDir(node.dataDir);
    }
    await database.close();
    if (node) {
      // The stopped node still writes its peer store once, about 1 s after stop(): remove that too.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await removeDataDir(node.dataDir);
    }
  }
}

await main();
