import { expect, type BrowserContext, type Page } from '@playwright/test';

let counter = 0;

export function uniqueEmail(label: string): string {
  counter += 1;
  const slug = label.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return `${slug}-${Date.now().toString(36)}-${counter}@example.test`;
}

/**
 * Creates an account through the auth API (not the form) and leaves the context signed in.
 * The sign-up form itself is covered by its own test.
 */
export async function signUpViaApi(context: BrowserContext, name: string) {
  const email = uniqueEmail(name.toLowerCase());
  const password = 'correct horse battery';
  const res = await context.request.post('/api/auth/sign-up/email', {
    data: { name, email, password },
    headers: { origin: 'http://127.0.0.1:3100' },
  });
  expect(res.ok(), await res.text()).toBe(true);
  return { name, email, password };
}

/** Creates a project from the dashboard and waits for its page. */
export async function createProject(page: Page, name: string, template = 'Blank project') {
  await page.goto('/projects');
  await page.getByRole('button', { name: 'New project' }).click();
  const dialog = page.getByRole('dialog', { name: 'New project' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByText(template, { exact: true }).click();
  await dialog.getByRole('button', { name: 'Create project' }).click();
  await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name })).toBeVisible();
  return page.url();
}

export async function expectSaved(page: Page) {
  await expect(page.getByRole('status').filter({ hasText: /Saved/ })).toBeVisible();
}

/** Adds a note from the palette and types its text in the inspector. */
export async function addNote(page: Page, text: string) {
  await page.getByRole('complementary', { name: 'Blocks' }).getByRole('button', { name: /^Note/ }).click();
  await page.getByRole('complementary', { name: 'Inspector' }).getByLabel('Text', { exact: true }).fill(text);
  await expect(page.getByTestId('canvas').getByText(text)).toBeVisible();
}

/** Imports a file the way a user does: the Import button opens the file chooser. */
export async function importFile(page: Page, files: string | { name: string; mimeType: string; buffer: Buffer }) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await (await chooser).setFiles(files);
}
