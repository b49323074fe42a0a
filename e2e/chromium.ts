/**
 * The Chromium the browser tests and the editor benchmark drive: Debian's (`npx playwright
 * install` cannot download browsers here), headless in a container.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox', // a container without user namespaces; the pages are our own
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
