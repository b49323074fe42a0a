import type { Locator, Page } from '@playwright/test';
import { createProject, expect, expectSaved, signUpViaApi, test } from './fixtures';

/** Drags a block from the palette onto the canvas at a point relative to the canvas. */
async function dragBlock(page: Page, title: string, at: { x: number; y: number }) {
  const item = page.getByRole('complementary', { name: 'Blocks' }).getByRole('button', { name: new RegExp(`^${title}`) });
  await item.dragTo(page.getByTestId('canvas'), { targetPosition: at });
}

function block(page: Page, type: string): Locator {
  return page.locator(`[data-testid^="node-${type}-"]`);
}

/** Drags from an output handle to an input handle, in steps (React Flow has a drag threshold). */
async function connect(page: Page, from: { type: string; port: string }, to: { type: string; port: string }) {
  const source = page.locator(`.react-flow__node[data-id^="${from.type}-"] .react-flow__handle.source[data-handleid="${from.port}"]`);
  const target = page.locator(`.react-flow__node[data-id^="${to.type}-"] .react-flow__handle.target[data-handleid="${to.port}"]`);
  const a = (await source.boundingBox())!;
  const b = (await target.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
  await page.mouse.up();
}

const edgeCount = (page: Page) => page.locator('.react-flow__edge').count();

test('build, wire, configure and run a flow from the palette; undo, redo and reload', async ({ page, context }) => {
  await signUpViaApi(context, 'Builder');
  await createProject(page, 'My first flow');

  // Three blocks from the palette, plus one whose output does not fit.
  await dragBlock(page, 'Constant', { x: 130, y: 60 });
  await dragBlock(page, 'Expression', { x: 130, y: 160 });
  await dragBlock(page, 'Table', { x: 420, y: 160 });
  await dragBlock(page, 'HTTP request', { x: 130, y: 260 });
  await expect(page.locator('.react-flow__node')).toHaveCount(4);

  await connect(page, { type: 'constant', port: 'out' }, { type: 'expression', port: 'in' });
  await connect(page, { type: 'expression', port: 'out' }, { type: 'table', port: 'rows' });
  await expect.poll(() => edgeCount(page)).toBe(2);

  // A number cannot feed a table: refused, and the reason is shown.
  await connect(page, { type: 'http-request', port: 'status' }, { type: 'table', port: 'rows' });
  await expect(page.getByText('Connection refused')).toBeVisible();
  await expect(page.getByText(/A number output cannot feed a table/)).toBeVisible();
  expect(await edgeCount(page)).toBe(2);

  // Configure the constant in the inspector (a JSON field) ...
  await block(page, 'constant').click();
  const value = page.getByRole('complementary', { name: 'Inspector' }).getByLabel('Value');
  await value.fill('[{"name":"Ada","score":3},{"name":"Grace","score":5}]');
  // ... and the expression in Monaco.
  await block(page, 'expression').click();
  const code = page.getByRole('textbox', { name: 'Expression' });
  await code.focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('input.filter(r => r.score > 3)');
  await expectSaved(page);

  // Run: every block shows its status; read the expression's output in the panel.
  await page.getByRole('toolbar', { name: 'Editor' }).getByRole('button', { name: 'Run', exact: true }).click();
  const runList = page.getByRole('list', { name: 'Blocks in this run' });
  await expect(runList.getByRole('button', { name: /Table/ })).toBeVisible();
  await runList.getByRole('button', { name: /Expression/ }).click();
  const result = page.getByLabel('Result of Expression');
  await expect(result.getByRole('table')).toContainText('Grace');
  await expect(result.getByRole('table')).not.toContainText('Ada');
  await expect(block(page, 'expression').getByLabel('Ran OK')).toBeVisible();

  // Undo and redo a deletion.
  await block(page, 'http-request').click();
  await page.keyboard.press('Delete');
  await expect(page.locator('.react-flow__node')).toHaveCount(3);
  await page.getByTestId('canvas').click({ position: { x: 20, y: 20 } });
  await page.keyboard.press('ControlOrMeta+Z');
  await expect(page.locator('.react-flow__node')).toHaveCount(4);
  await page.keyboard.press('ControlOrMeta+Shift+Z');
  await expect(page.locator('.react-flow__node')).toHaveCount(3);
  await expectSaved(page);

  // Everything is still there after a reload.
  await page.reload();
  await expect(page.locator('.react-flow__node')).toHaveCount(3);
  expect(await edgeCount(page)).toBe(2);
  await block(page, 'expression').click();
  await expect(page.locator('.monaco-editor').first()).toContainText('input.filter(r => r.score > 3)');
  await page.getByRole('toolbar', { name: 'Editor' }).getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Blocks in this run' })).toContainText('Run succeeded');
});

test('a flow with a problem is not run, and the problem selects its block', async ({ page, context }) => {
  await signUpViaApi(context, 'Debugger');
  await createProject(page, 'Broken flow');
  // A Merge fed on A only: on the run's path, so the run is refused. (A block with no wires at all
  // would only be a warning.)
  await dragBlock(page, 'Dataset', { x: 120, y: 100 });
  await dragBlock(page, 'Merge', { x: 420, y: 100 });
  await connect(page, { type: 'dataset', port: 'out' }, { type: 'merge', port: 'a' });
  await expect.poll(() => edgeCount(page)).toBe(1);
  // Ports are named on the canvas where a block has several.
  await expect(block(page, 'merge').getByTestId('port-label-b')).toHaveText('B');
  await page.getByRole('tab', { name: /Problems/ }).click();
  const problems = page.getByLabel('Problems list');
  await expect(problems).toContainText('Merge / Join by key needs something connected to its "B" input');
  await page.getByRole('toolbar', { name: 'Editor' }).getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByText('The flow was not run')).toBeVisible();
  await page.getByTestId('canvas').click({ position: { x: 20, y: 5 } });
  await problems.getByRole('button', { name: /needs something connected/ }).click();
  await expect(page.getByRole('complementary', { name: 'Inspector' })).toContainText('Combines two tables');
});

test('with the preview open at 1280 x 800 and 1024 x 768, the canvas keeps its room and nothing is clipped', async ({ page, context }) => {
  await signUpViaApi(context, 'Narrow');
  await page.setViewportSize({ width: 1280, height: 800 });
  await createProject(page, 'Roomy');
  const toolbar = page.getByRole('toolbar', { name: 'Editor' });
  await toolbar.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByRole('complementary', { name: 'Preview' })).toBeVisible();
  for (const size of [
    { width: 1280, height: 800 },
    { width: 1024, height: 768 },
  ]) {
    await page.setViewportSize(size);
    const preview = page.getByRole('complementary', { name: 'Preview' });
    await expect(preview).toBeVisible();
    const canvas = (await page.getByTestId('canvas').boundingBox())!;
    const pane = (await preview.boundingBox())!;
    // At 1280 the canvas keeps 400 px beside the preview; at 1024 the preview floats over the
    // canvas, which keeps its whole width beneath.
    if (size.width >= 1280) expect(pane.x - canvas.x).toBeGreaterThanOrEqual(400);
    else expect(canvas.width).toBeGreaterThanOrEqual(480);
    // Every toolbar button is inside the window, clear of the preview; the panel's tabs are in view.
    const bar = (await toolbar.boundingBox())!;
    // Beside the toolbar (a column at 1280) or below it (floating at 1024), never over it.
    expect(pane.x >= bar.x + bar.width - 1 || pane.y >= bar.y + bar.height - 1).toBe(true);
    for (const button of await toolbar.getByRole('button').all()) {
      const box = (await button.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(bar.x + bar.width + 1);
      expect(box.y + box.height).toBeLessThanOrEqual(bar.y + bar.height + 1);
    }
    for (const tab of await page.getByRole('tab').all()) await expect(tab).toBeInViewport({ ratio: 1 });
  }
});

test('a CSV uploaded into a Dataset block is previewed with its column types', async ({ page, context }) => {
  await signUpViaApi(context, 'Analyst');
  await createProject(page, 'Fruit counts');
  await dragBlock(page, 'Dataset', { x: 200, y: 100 });
  await block(page, 'dataset').click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Upload CSV or JSON' }).click();
  await (await chooser).setFiles({ name: 'fruit.csv', mimeType: 'text/csv', buffer: Buffer.from('fruit,count\nkiwi,4\nfig,9\n') });
  const file = page.getByRole('region', { name: 'Dataset file' });
  await expect(file).toContainText('fruit.csv');
  await expect(file).toContainText('2 rows · fruit (string), count (number)');
  await expect(file.getByRole('table', { name: 'Dataset preview' })).toContainText('kiwi');
});
