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
  await dragBlock(page, 'Expression', { x: 200, y: 100 });
  await page.getByRole('tab', { name: /Problems/ }).click();
  const problems = page.getByLabel('Problems list');
  await expect(problems).toContainText('needs something connected to its "Input" input');
  await page.getByRole('toolbar', { name: 'Editor' }).getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByText('The flow was not run')).toBeVisible();
  await page.getByTestId('canvas').click({ position: { x: 20, y: 20 } });
  await problems.getByRole('button', { name: /needs something connected/ }).click();
  await expect(page.getByRole('complementary', { name: 'Inspector' })).toContainText('Computes a value');
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
