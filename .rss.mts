import { createSandbox } from './runtime/sandbox/sandbox';
const sb = await createSandbox();
const rss0 = process.memoryUsage().rss;
let maxRss = rss0;
for (let i = 0; i < 30; i++) {
  const t = performance.now();
  const r = await sb.run('const a=[]; while(true) a.push("x".repeat(1e6))', null, { timeoutMs: 10000 }).catch((e) => e.message);
  const ok = await sb.run('return 1', null);
  maxRss = Math.max(maxRss, process.memoryUsage().rss);
  if (i % 5 === 0) console.log(i, r, ok, (performance.now() - t).toFixed(0), 'ms', 'rss +', ((process.memoryUsage().rss - rss0) / 1048576).toFixed(0), 'MB');
}
console.log('max rss growth', ((maxRss - rss0) / 1048576).toFixed(0), 'MB', sb.stats().enginesCreated);
