import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { e2eBaseUrl } from './ports';

export { expect };

/**
 * What a page printed as a console error or threw (a React hydration error, #418, is reported
 * this way), for every page of the test's contexts. A test passes only if there is none, but a
 * 4xx answer the test asked for (a 404 page, a refused sign-in), which Chromium logs as a console
 * error of its own.
 */
const EXPECTED_CONSOLE_ERROR = /^Failed to load resource: the server responded with a status of 4\d\d /;
let problems: string[] = [];

/**
 * Marks the page once React has committed its first render (hydration, or the client render that
 * replaces it), through the hook React DevTools use (React calls it in production builds too).
 * Until then a click on the server's HTML does nothing: on a loaded machine the scripts take
 * seconds, and a test that clicked "New project" too early waited for a dialog that never came.
 */
function markCommits() {
  const w = window as unknown as Record<string, unknown>;
  if (w.__REACT_DEVTOOLS_GLOBAL_HOOK__) return;
  w.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true,
    isDisabled: false,
    renderers: new Map(),
    inject: () => 1,
    onCommitFiberRoot: () => {
      w.__poseidonCommitted = true;
    },
    onCommitFiberUnmount() {},
    onPostCommitFiberRoot() {},
    onScheduleFiberRoot() {},
    checkDCE() {},
  };
}

/** Waits until React has taken over a page of the IDE (see markCommits); apps on the node have no React. */
export async function waitForReact(page: Page) {
  if (new URL(page.url()).origin !== new URL(e2eBaseUrl()).origin) return;
  await page.waitForFunction(() => (window as unknown as Record<string, unknown>).__poseidonCommitted === true);
}

function watchPage(page: Page) {
  page.on('console', (message) => {
    if (message.type() === 'error' && !EXPECTED_CONSOLE_ERROR.test(message.text())) {
      problems.push(`console error on ${page.url()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`page error on ${page.url()}: ${error.message}`));
  // Every full page load in a test waits for React before the test goes on.
  const goto = page.goto.bind(page);
  page.goto = async (...args) => {
    const response = await goto(...args);
    await waitForReact(page);
    return response;
  };
  const reload = page.reload.bind(page);
  page.reload = async (...args) => {
    const response = await reload(...args);
    await waitForReact(page);
    return response;
  };
}

/** Watches every page of a context a test made itself (the test's own `context` is watched already). */
export async function watchContext(context: BrowserContext) {
  await context.addInitScript(markCommits);
  for (const page of context.pages()) watchPage(page);
  context.on('page', watchPage);
}

export const test = base.extend<{ pageProblems: string[] }>({
  pageProblems: [
    async ({}, provide) => {
      problems = [];
      await provide(problems);
      expect(problems, 'console errors or page errors').toEqual([]);
    },
    { auto: true },
  ],
  context: async ({ context }, provide) => {
    await watchContext(context);
    await provide(context);
    // A round trip to each page delivers the console messages it sent before (they come in order).
    await Promise.all(context.pages().map((page) => page.evaluate(() => 0).catch(() => undefined)));
  },
});

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
    headers: { origin: e2eBaseUrl() },
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
