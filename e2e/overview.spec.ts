import type { Page } from '@playwright/test';
import { expect, expectSaved, importFile, signUpViaApi, test } from './fixtures';

/** A project file of `rows` chains of `columns` blocks (Constant -> Expression -> ...), 260 x 90 px apart. */
function largeProject(columns: number, rows: number): Buffer {
  const nodes = [];
  const edges = [];
  for (let i = 0; i < columns * rows; i++) {
    const column = i % columns;
    const type = column === 0 ? 'constant' : 'expression';
    nodes.push({ id: `n${i}`, type, version: 1, position: { x: column * 260, y: Math.floor(i / columns) * 90 }, config: {} });
    if (column > 0) edges.push({ id: `e${i}`, source: `n${i - 1}`, sourcePort: 'out', target: `n${i}`, targetPort: 'in' });
  }
  const file = {
    format: 'poseidon.project',
    formatVersion: 1,
    exportedAt: new Date().toISOString(),
    project: { name: 'Large flow', description: '', graph: { schemaVersion: 1, nodes, edges } },
  };
  return Buffer.from(JSON.stringify(file));
}

type TSavedNode = { id: string; position: { x: number; y: number } };

async function savedNodes(page: Page): Promise<TSavedNode[]> {
  const projectId = /\/projects\/([0-9a-f-]{36})/.exec(page.url())![1];
  const input = encodeURIComponent(JSON.stringify({ json: { projectId } }));
  const res = await page.request.get(`/api/trpc/projects.get?input=${input}`);
  return ((await res.json()) as { result: { data: { json: { graph: { nodes: TSavedNode[] } } } } }).result.data.json.graph.nodes;
}

/** Where block `id` (at flow position x, y; 224 x 52 px) is on screen, from the viewport transform. */
async function onScreen(page: Page, at: { x: number; y: number }): Promise<{ x: number; y: number; zoom: number }> {
  return page.evaluate((p) => {
    const pane = document.querySelector<HTMLElement>('.react-flow')!.getBoundingClientRect();
    const m = /translate\(([-\d.e]+)px, ?([-\d.e]+)px\) scale\(([-\d.e]+)\)/.exec(
      document.querySelector<HTMLElement>('.react-flow__viewport')!.style.transform,
    )!;
    const [tx, ty, k] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return { x: pane.left + tx + (p.x + 112) * k, y: pane.top + ty + (p.y + 26) * k, zoom: k };
  }, at);
}

test('a large flow opens zoomed out: its blocks are selected, dragged, undone, deleted and opened there', async ({ page, context }) => {
  await signUpViaApi(context, 'Overview');
  await page.goto('/projects');
  await importFile(page, { name: 'large.poseidon.json', mimeType: 'application/json', buffer: largeProject(20, 15) });
  await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/);

  // Opened fitted to the whole flow: far out, so the blocks are drawn by the overview, not as 300 elements.
  const overview = page.getByTestId('canvas-overview');
  await expect(overview).toHaveAttribute('data-drawn', '300');
  await expect(page.locator('.react-flow__node')).toHaveCount(0);
  // The graph is validated in a worker, off the thread that draws the canvas.
  await expect.poll(() => page.workers().length).toBeGreaterThan(0);

  // Drag the first block 80 px right and 40 px down.
  const start = await onScreen(page, { x: 0, y: 0 });
  expect(start.zoom).toBeLessThan(0.4);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) await page.mouse.move(start.x + i * 10, start.y + i * 5);
  await page.mouse.up();
  await expectSaved(page);
  const firstAt = async () => (await savedNodes(page)).find((n) => n.id === 'n0')!.position;
  await expect.poll(async () => (await firstAt()).x).not.toBe(0);
  const moved = await firstAt();
  expect(moved.x).toBeCloseTo(80 / start.zoom, 0);
  expect(moved.y).toBeCloseTo(40 / start.zoom, 0);
  // It was selected by the drag: the inspector shows it.
  await expect(page.getByRole('complementary', { name: 'Inspector' }).getByText('Constant', { exact: true }).first()).toBeVisible();

  // One undo puts it back.
  await page.keyboard.press('Control+z');
  await expect.poll(firstAt).toEqual({ x: 0, y: 0 });

  // Click a block, press Delete: it is gone (and saved so).
  const third = await onScreen(page, { x: 2 * 260, y: 0 });
  await page.mouse.click(third.x, third.y);
  await page.keyboard.press('Delete');
  await expect(overview).toHaveAttribute('data-drawn', '299');
  await expect.poll(async () => (await savedNodes(page)).map((n) => n.id)).not.toContain('n2');

  // Shift+drag a box around the first two blocks of the second and third rows: four selected.
  const boxFrom = await onScreen(page, { x: -130, y: 90 - 30 });
  const boxTo = await onScreen(page, { x: 260 + 130, y: 2 * 90 + 30 });
  await page.keyboard.down('Shift');
  await page.mouse.move(boxFrom.x - 112 * boxFrom.zoom, boxFrom.y - 26 * boxFrom.zoom);
  await page.mouse.down();
  await page.mouse.move(boxTo.x, boxTo.y, { steps: 5 });
  await page.mouse.up();
  await page.keyboard.up('Shift');
  await expect(page.getByRole('complementary', { name: 'Inspector' }).getByText('4 blocks selected')).toBeVisible();

  // Double-click a block: the canvas zooms in on it and shows the real blocks.
  const fifth = await onScreen(page, { x: 4 * 260, y: 0 });
  await page.mouse.dblclick(fifth.x, fifth.y);
  await expect(page.locator('.react-flow__node[data-id="n4"]')).toBeVisible();
  await expect(overview).toHaveCount(0);
  // Only the blocks near the view are elements, not all 299.
  expect(await page.locator('.react-flow__node').count()).toBeLessThan(100);

  // Select everything and drag one block: the selected blocks far off screen (never drawn) move with it.
  await page.keyboard.press('Control+a');
  expect(await page.locator('.react-flow__node').count()).toBeLessThan(100);
  const block = (await page.locator('.react-flow__node[data-id="n4"]').boundingBox())!;
  await page.mouse.move(block.x + 40, block.y + block.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 5; i++) await page.mouse.move(block.x + 40 + i * 10, block.y + block.height / 2);
  await page.mouse.up();
  await expectSaved(page);
  const at = async (id: string) => (await savedNodes(page)).find((n) => n.id === id)!.position;
  await expect.poll(async () => (await at('n299')).x).not.toBe(19 * 260);
  // By the same amount as the block under the pointer.
  const dragged = await at('n4');
  expect(dragged.x).toBeGreaterThan(4 * 260);
  expect(await at('n299')).toEqual({ x: 19 * 260 + (dragged.x - 4 * 260), y: 14 * 90 + dragged.y });

  // Shift+1 fits the whole flow again: back to the overview.
  await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Shift+!');
  await expect(overview).toHaveAttribute('data-drawn', '299');

  // Tidy up lays the chains out left to right, one under another: each row keeps one height.
  await page.getByRole('button', { name: 'Tidy up' }).click();
  await expectSaved(page);
  await expect
    .poll(async () => {
      const nodes = await savedNodes(page);
      const row = nodes.filter((n) => Number(n.id.slice(1)) >= 20 && Number(n.id.slice(1)) < 40);
      return (
        new Set(row.map((n) => n.position.y)).size === 1 && nodes.some((n) => n.position.y !== Math.floor(Number(n.id.slice(1)) / 20) * 90)
      );
    })
    .toBe(true);
  await expect(overview).toHaveAttribute('data-drawn', '299');
});
