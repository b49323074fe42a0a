/**
 * Render time of a Text block's Markdown: 10,000 and 100,000 characters (MAX_TEXT_CHARS, the most
 * one block renders) of ordinary prose and of the inputs that made the old hand-written renderer
 * quadratic (`*_a ` repeated: ~1 s at 10,000 characters, ~70 s at 96,000, issue 9).
 *
 *   new        blocks/text/markdown.ts (markdown-it), median of 5 runs
 *   old        the hand-written renderer of commit ccef206 (runtime/gateway/markdown.ts), read
 *              with `git show` into a temporary file: one run each at 1,000 to 10,000 characters
 *              (it is quadratic: 100,000 would take minutes). `--no-old` skips it; without git
 *              the figures above are the baseline.
 *
 * Run: npx tsx bench/text-render.bench.ts   (prints figures; never fails on a target)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderMarkdown } from '../blocks/text/markdown';
import { median, table } from './stats';

const OLD_COMMIT = 'ccef2062867ea8ae126f316a0941d2f6332cb364';
const PROSE = '## A heading\n\nSome *emphasis*, some **strong** text, `code`, and [a link](https://example.com).\n\n- one\n- two\n\n';
const INPUTS: [string, string][] = [
  ['prose (headings, lists, links)', PROSE],
  ['`*_a ` repeated', '*_a '],
  ['`[` repeated', '['],
  ['`[(` repeated (nested)', '[('],
  ['backticks', '`'],
  ['`**a` repeated', '**a'],
];

type TRender = (source: string) => { value: string };

const repeat = (unit: string, chars: number) => unit.repeat(Math.ceil(chars / unit.length)).slice(0, chars);

function timeMs(render: TRender, source: string): number {
  const start = performance.now();
  render(source);
  return performance.now() - start;
}

function medianMs(render: TRender, source: string, runs = 5): number {
  timeMs(render, source); // warm-up
  return median(Array.from({ length: runs }, () => timeMs(render, source)));
}

/** The old renderer, from git history, or null when git or the commit is not there. */
async function loadOldRenderer(): Promise<{ render: TRender; cleanup: () => void } | null> {
  let source: string;
  try {
    source = execFileSync('git', ['show', `${OLD_COMMIT}:runtime/gateway/markdown.ts`], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return null;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'old-markdown-'));
  const htmlModule = pathToFileURL(path.resolve('blocks/core/html.ts')).href;
  const file = path.join(dir, 'markdown.ts');
  writeFileSync(file, source.replace("from './html'", `from '${htmlModule}'`));
  const imported = (await import(pathToFileURL(file).href)) as { renderMarkdown: TRender };
  return { render: imported.renderMarkdown, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

async function main() {
  const rows = [['input', '10,000 chars ms', '100,000 chars ms', 'ratio']];
  for (const [name, unit] of INPUTS) {
    const small = medianMs(renderMarkdown, repeat(unit, 10_000));
    const large = medianMs(renderMarkdown, repeat(unit, 100_000));
    rows.push([name, small.toFixed(1), large.toFixed(1), `${(large / small).toFixed(1)}x`]);
  }
  console.log('Text block render, markdown-it (blocks/text/markdown.ts), median of 5:\n');
  console.log(table(rows));

  if (process.argv.includes('--no-old')) return;
  const old = await loadOldRenderer();
  if (!old) {
    console.log(
      '\nOld renderer not available (no git history); issue 9 measured ~1 s at 10,000 chars and ~70 s at 96,000 chars of `*_a `.',
    );
    return;
  }
  try {
    const oldRows = [['`*_a ` repeated, chars', 'old ms', 'new ms']];
    for (const chars of [1_000, 2_500, 5_000, 10_000]) {
      const source = repeat('*_a ', chars);
      oldRows.push([chars.toLocaleString('en'), timeMs(old.render, source).toFixed(1), medianMs(renderMarkdown, source).toFixed(1)]);
    }
    console.log(`\nOld hand-written renderer (${OLD_COMMIT.slice(0, 7)}), one run each; quadratic: x10 input ~ x100 time:\n`);
    console.log(table(oldRows));
  } finally {
    old.cleanup();
  }
}

await main();
