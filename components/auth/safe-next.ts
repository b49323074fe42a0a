/**
 * Where to go after signing in: only a path on this site, so a crafted `?next=` link cannot send
 * a user elsewhere. A browser reads `//host`, `/\host`, `\/host` and the same with tabs or
 * newlines in them (which URL parsing drops) as another host; the check therefore resolves the
 * value the way a browser would, against a stand-in origin, and keeps it only if the origin stayed.
 */
const STAND_IN = 'http://poseidon.invalid';
const MAX_LENGTH = 2048;

export function safeNextPath(next: string | undefined, fallback = '/projects'): string {
  if (typeof next !== 'string' || next.length > MAX_LENGTH || !next.startsWith('/')) return fallback;
  // Backslashes and control characters have no place in a path of ours; refuse rather than guess.
  if (/[\\\u0000-\u001f\u007f]/.test(next)) return fallback;
  if (/^\/(\/|%2f|%5c)/i.test(next) || /^\/(\/|\\)/.test(safeDecode(next))) return fallback;
  let url: URL;
  try {
    url = new URL(next, STAND_IN);
  } catch {
    return fallback;
  }
  // `/.//host` normalises to `//host`: what is returned must stay a path too.
  if (url.origin !== STAND_IN || url.pathname.startsWith('//')) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
