import { createProject, expect, expectSaved, signUpViaApi, test } from './fixtures';

test('build a guestbook, use it in the preview, deploy it, use the live app, and roll back', async ({ page, context }) => {
  test.setTimeout(120_000);
  await signUpViaApi(context, 'Shipper');
  await createProject(page, 'Guestbook', 'Guestbook');

  // Preview: the draft app, served by the node; submit the form inside it.
  await page.getByRole('toolbar', { name: 'Editor' }).getByRole('button', { name: 'Preview' }).click();
  const preview = page.frameLocator('iframe[title="App preview"]');
  await expect(preview.getByRole('heading', { name: 'Sign the guestbook' })).toBeVisible({ timeout: 30_000 });
  await preview.getByLabel('Your name').fill('Preview Pat');
  await preview.getByLabel('Message').fill('Trying it out');
  await preview.getByRole('button', { name: 'Sign' }).click();
  await expect(preview.getByText('Preview Pat')).toBeVisible();

  // Deploy: pick the name, see the stages, get the live URL.
  await page.getByRole('banner').getByRole('button', { name: 'Deploy' }).click();
  // Its title becomes "Deploy <name>" once the app exists.
  const dialog = page.getByRole('dialog');
  await expect(dialog).toHaveAccessibleName('Deploy your app');
  const appName = `guestbook-${Date.now().toString(36)}`;
  await dialog.getByLabel('App name').fill(appName);
  await expect(dialog.getByLabel('What this app may do')).toContainText('Stores data');
  await dialog.getByRole('button', { name: 'Deploy', exact: true }).click();
  const liveLink = dialog.getByRole('status').getByRole('link');
  await expect(liveLink).toHaveAttribute('href', new RegExp(`/apps/${appName}/$`), { timeout: 30_000 });
  const liveUrl = (await liveLink.getAttribute('href'))!;

  // A visitor uses the live app: the preview's test entry is not there; theirs is kept.
  const visitor = await context.newPage();
  await visitor.goto(liveUrl);
  await expect(visitor.getByRole('heading', { name: 'Sign the guestbook' })).toBeVisible();
  await expect(visitor.getByText('Preview Pat')).toHaveCount(0);
  await visitor.getByLabel('Your name').fill('Visitor Val');
  await visitor.getByLabel('Message').fill('Hello from the live app');
  await visitor.getByRole('button', { name: 'Sign' }).click();
  await expect(visitor.getByText('Visitor Val')).toBeVisible();
  await visitor.reload();
  await expect(visitor.getByText('Visitor Val')).toBeVisible();

  // Deploying an unchanged graph says so.
  await dialog.getByRole('button', { name: 'Deploy changes' }).click();
  await expect(dialog.getByRole('status')).toContainText('Nothing changed since the last deployment');

  // Change the form's title, deploy again, then roll back to the first version.
  await page.keyboard.press('Escape');
  await page.locator('[data-testid="node-sign"]').click();
  await page.getByRole('complementary', { name: 'Inspector' }).getByLabel('Title', { exact: true }).fill('Leave a note');
  await expectSaved(page);
  await page.getByRole('banner').getByRole('button', { name: 'Deploy' }).click();
  const again = page.getByRole('dialog', { name: `Deploy ${appName}` });
  await expect(again).toBeVisible();
  await again.getByRole('button', { name: 'Deploy changes' }).click();
  await expect(again.getByRole('status')).toContainText('Live in', { timeout: 30_000 });
  await visitor.reload();
  await expect(visitor.getByRole('heading', { name: 'Leave a note' })).toBeVisible();

  await again.getByRole('listitem', { name: 'Version 1' }).getByRole('button', { name: 'Roll back to this' }).click();
  await expect(again.getByRole('listitem', { name: 'Version 3' })).toContainText('Live');
  await visitor.reload();
  await expect(visitor.getByRole('heading', { name: 'Sign the guestbook' })).toBeVisible();
  await expect(visitor.getByText('Visitor Val')).toBeVisible();

  // The dialog shows the live app's activity: the visitor's submission is one of its runs.
  const activity = again.getByRole('region', { name: 'Activity' });
  await expect(activity.getByRole('list', { name: 'Recent runs' }).getByRole('listitem').first()).toBeVisible();
  await expect(activity.getByRole('listitem').filter({ hasText: 'Form' }).first()).toBeVisible();

  // Take offline: the confirmation says how long the node keeps the data; then visitors get 404.
  await again.getByRole('button', { name: 'Take offline' }).click();
  const confirm = page.getByRole('alertdialog', { name: `Take ${appName} offline?` });
  await expect(confirm).toContainText('7 days');
  await confirm.getByRole('button', { name: 'Take offline' }).click();
  await expect(again.getByRole('button', { name: 'Take offline' })).toHaveCount(0);
  await expect.poll(async () => (await visitor.reload())?.status()).toBe(404);
});
