import { readFile } from 'node:fs/promises';
import { addNote, createProject, expect, expectSaved, importFile, signUpViaApi, test, uniqueEmail } from './fixtures';

test('a new user signs up and manages a project from start to finish', async ({ page }) => {
  const email = uniqueEmail('ada');
  const password = 'correct horse battery';

  // Sign up through the form.
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.getByRole('link', { name: 'Create an account' }).click();
  await page.getByLabel('Name').fill('Ada Lovelace');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { name: 'Create your first project' })).toBeVisible();

  // Create from a template and rename.
  await createProject(page, 'Guestbook draft', 'Guestbook');
  await expect(page.getByTestId('canvas').getByText('Collection', { exact: true }).first()).toBeVisible();
  await page.getByRole('button', { name: 'Rename project' }).click();
  await page.getByRole('dialog').getByLabel('Name').fill('My guestbook');
  await page.getByRole('dialog').getByRole('button', { name: 'Rename' }).click();
  await expect(page.getByRole('heading', { name: 'My guestbook' })).toBeVisible();

  // Save a version, then change the graph (autosaved).
  await page.getByRole('button', { name: 'Save version' }).click();
  await page.getByLabel('Label').fill('Four blocks');
  await page.getByRole('dialog').getByRole('button', { name: 'Save version' }).click();
  await expect(page.getByText('Saved version “Four blocks”')).toBeVisible();
  await addNote(page, 'Remember to add a chart');
  await expectSaved(page);

  // The edit survives a reload.
  await page.reload();
  await expect(page.getByTestId('canvas').getByText('Remember to add a chart')).toBeVisible();

  // Restore the version: the note goes; restore the automatic backup: it comes back.
  await page.getByRole('button', { name: 'History' }).click();
  await page.getByRole('listitem', { name: 'Four blocks' }).getByRole('button', { name: 'Restore' }).click();
  await expect(page.getByTestId('canvas').getByText('Remember to add a chart')).toHaveCount(0);
  await page.getByRole('button', { name: 'History' }).click();
  await page.getByRole('listitem', { name: 'Before restoring "Four blocks"' }).getByRole('button', { name: 'Restore' }).click();
  await expect(page.getByTestId('canvas').getByText('Remember to add a chart')).toBeVisible();

  // Export, then import the file back as a second project with the same content.
  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('banner').getByRole('button', { name: 'Export', exact: true }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe('my-guestbook.poseidon.json');
  const exported = JSON.parse(await readFile((await download.path())!, 'utf8')) as {
    project: { name: string; graph: { nodes: { type: string }[] } };
  };
  expect(exported.project.name).toBe('My guestbook');
  expect(exported.project.graph.nodes.map((n) => n.type)).toEqual(['form', 'collection', 'collection', 'table', 'note']);

  await page.goto('/projects');
  await importFile(page, (await download.path())!);
  await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('canvas').getByText('Remember to add a chart')).toBeVisible();
  await page.goto('/projects');
  await expect(page.getByRole('list', { name: 'Projects' }).getByRole('listitem')).toHaveCount(2);

  // Sign out, sign back in: everything is still there.
  await page.getByRole('button', { name: 'Account menu' }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto('/projects');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fprojects$/);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/projects$/);
  await expect(page.getByRole('listitem', { name: 'My guestbook' })).toHaveCount(2);
});

test('the dashboard and a project page hydrate without an error, on a slow CPU too', async ({ page, context }) => {
  await signUpViaApi(context, 'Hydra');
  const url = await createProject(page, 'Hydrated');
  // A slow CPU stretches hydration over many slices of work, as a loaded machine does: the
  // dashboard's list used to reach the cache between two of them, and React then threw the page
  // away (error #418, which the fixtures' check of the console catches).
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 6 });
  for (let i = 0; i < 3; i++) {
    await page.goto('/projects');
    await expect(page.getByRole('listitem', { name: 'Hydrated' })).toBeVisible();
    await page.goto(url);
    await expect(page.getByRole('heading', { name: 'Hydrated' })).toBeVisible();
    await expectSaved(page);
  }
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  // And the dashboard's buttons work at once.
  await page.goto('/projects');
  await page.getByRole('button', { name: 'New project' }).click();
  await expect(page.getByRole('dialog', { name: 'New project' })).toBeVisible();
});
