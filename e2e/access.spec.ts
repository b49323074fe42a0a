import { createProject, expect, importFile, signUpViaApi, test, watchContext } from './fixtures';

test('another user cannot open a project by its URL', async ({ browser }) => {
  const owner = await browser.newContext();
  await watchContext(owner);
  await signUpViaApi(owner, 'Owner');
  const ownerPage = await owner.newPage();
  const url = await createProject(ownerPage, 'Secret plans');

  const other = await browser.newContext();
  await watchContext(other);
  await signUpViaApi(other, 'Other');
  const otherPage = await other.newPage();
  const response = await otherPage.goto(url);
  expect(response?.status()).toBe(404);
  await expect(otherPage.getByRole('heading', { name: 'Not found' })).toBeVisible();
  await expect(otherPage.getByText('Secret plans')).toHaveCount(0);

  // Nor through the API.
  const projectId = url.split('/').pop()!;
  const api = await other.request.get(`/api/trpc/projects.get?input=${encodeURIComponent(JSON.stringify({ json: { projectId } }))}`);
  expect(api.status()).toBe(404);

  // Signed out, the project page sends you to sign in.
  const anonymous = await browser.newContext();
  await watchContext(anonymous);
  const anonymousPage = await anonymous.newPage();
  await anonymousPage.goto(url);
  await expect(anonymousPage).toHaveURL(/\/sign-in\?next=/);
  await Promise.all([owner.close(), other.close(), anonymous.close()]);
});

test('a bad import file is refused with its problems and nothing is saved', async ({ page, context }) => {
  await signUpViaApi(context, 'Importer');
  await page.goto('/projects');
  await importFile(page, {
    name: 'broken.poseidon.json',
    mimeType: 'application/json',
    buffer: Buffer.from(
      JSON.stringify({
        format: 'poseidon.project',
        formatVersion: 1,
        exportedAt: new Date().toISOString(),
        project: {
          name: 'Broken',
          graph: {
            schemaVersion: 1,
            nodes: [{ id: 'a', type: 'note', version: 1, position: { x: 0, y: 0 }, config: {} }],
            edges: [{ id: 'e1', source: 'a', sourcePort: 'out', target: 'ghost', targetPort: 'in' }],
          },
        },
      }),
    ),
  });
  const dialog = page.getByRole('dialog', { name: 'This file was not imported' });
  await expect(dialog).toContainText('broken.poseidon.json has 1 problem. Nothing was saved.');
  await expect(dialog.getByRole('list', { name: 'Import problems' })).toContainText('edge "e1" points at missing node "ghost"');
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(page.getByRole('heading', { name: 'Create your first project' })).toBeVisible();
});

test('duplicate and delete from the dashboard, with confirmation', async ({ page, context }) => {
  await signUpViaApi(context, 'Organiser');
  await createProject(page, 'Keeper', 'Chart a CSV dataset');
  await page.goto('/projects');
  await page.getByRole('button', { name: 'Actions for Keeper' }).click();
  await page.getByRole('menuitem', { name: 'Duplicate' }).click();
  await expect(page.getByRole('listitem', { name: 'Keeper (copy)' })).toBeVisible();

  await page.getByRole('button', { name: 'Actions for Keeper (copy)' }).click();
  await page.getByRole('menuitem', { name: 'Delete' }).click();
  const confirm = page.getByRole('alertdialog');
  await expect(confirm).toContainText('Delete “Keeper (copy)”?');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('listitem', { name: 'Keeper (copy)' })).toBeVisible();

  await page.getByRole('button', { name: 'Actions for Keeper (copy)' }).click();
  await page.getByRole('menuitem', { name: 'Delete' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete project' }).click();
  await expect(page.getByRole('listitem', { name: 'Keeper (copy)' })).toHaveCount(0);
  await expect(page.getByRole('listitem', { name: 'Keeper' })).toBeVisible();
});
