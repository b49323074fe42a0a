/**
 * The IDE's browser-facing security headers. Pages get a nonce Content-Security-Policy made per
 * request by `proxy.ts` (Next.js puts the nonce on its own inline and chunk scripts; with
 * 'strict-dynamic' the scripts they load are trusted too, nothing else is). Every response,
 * pages or not, refuses to be framed (`frame-ancestors 'none'`, X-Frame-Options DENY: those
 * are static, in next.config.mjs).
 *
 * What the IDE needs, and why each source is there:
 * - styles 'unsafe-inline': React Flow and Monaco set style attributes and inject <style> tags;
 *   a style cannot run code, the nonce guards scripts.
 * - worker-src 'self' blob:: Monaco's language workers and the validation worker are bundled
 *   files of this origin (blob: for Monaco's fallback worker loader).
 * - frame-src: the Preview pane shows the app on the DAIOS node's public origin.
 * - dev only, script 'unsafe-eval': React uses eval for its debugging aids in development.
 */

export interface TIdeSecurityOptions {
  nonce: string;
  dev: boolean;
  /** Origins the IDE may show in a frame (the DAIOS node's public URL, for previews). */
  frameOrigins: string[];
}

export function ideContentSecurityPolicy({ nonce, dev, frameOrigins }: TIdeSecurityOptions): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(dev ? ["'unsafe-eval'"] : [])],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'worker-src': ["'self'", 'blob:'],
    'frame-src': ["'self'", ...frameOrigins],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/** A fresh nonce: 128 random bits, base64. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/** The origin of a URL, or nothing if it is not one (a bad value must not break every page). */
export function originOf(url: string | undefined): string[] {
  if (!url) return [];
  try {
    return [new URL(url).origin];
  } catch {
    return [];
  }
}
