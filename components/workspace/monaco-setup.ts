/**
 * Monaco, loaded from the local `monaco-editor` package (never a CDN), with its web workers
 * bundled from the same package. Browser only: import it lazily from a client component (see
 * code-editor.tsx), never at the top of a module that is rendered on the server.
 *
 * Only what the code fields need is pulled in: the editor core and its features, JavaScript
 * (syntax + the TypeScript language service for IntelliSense) and JSON. The full
 * `monaco-editor` entry point would also register ~80 other languages plus CSS and HTML services.
 */
import { loader } from '@monaco-editor/react';
import * as monaco from 'monaco-editor/editor';
import 'monaco-editor/features/register.all';
import 'monaco-editor/languages/definitions/javascript/register';
import 'monaco-editor/languages/features/json/register';
import { javascriptDefaults, ScriptTarget } from 'monaco-editor/languages/features/typescript/register';

/**
 * Workers, by the label Monaco asks for. Each `new Worker(new URL(..., import.meta.url))` is
 * spelled out literally so the bundler (Turbopack) sees it, bundles the worker entry as its own
 * module-worker chunk and rewrites the URL to it.
 */
function getWorker(_workerId: string, label: string): Worker {
  switch (label) {
    case 'json':
      return new Worker(new URL('monaco-editor/language/json/json.worker.js', import.meta.url), {
        type: 'module',
        name: 'monaco-json',
      });
    case 'typescript':
    case 'javascript':
      return new Worker(new URL('monaco-editor/language/typescript/ts.worker.js', import.meta.url), {
        type: 'module',
        name: 'monaco-ts',
      });
    default:
      return new Worker(new URL('monaco-editor/editor/editor.worker.js', import.meta.url), {
        type: 'module',
        name: 'monaco-editor',
      });
  }
}

globalThis.MonacoEnvironment = { ...globalThis.MonacoEnvironment, getWorker };

// The code runs in a sandbox without a DOM: offer the language built-ins only, no `document`.
javascriptDefaults.setCompilerOptions({
  ...javascriptDefaults.getCompilerOptions(),
  target: ScriptTarget.ESNext,
  lib: ['es2022'],
  allowJs: true,
  allowNonTsExtensions: true,
});
javascriptDefaults.setDiagnosticsOptions({
  ...javascriptDefaults.getDiagnosticsOptions(),
  // A code field holds a function *body*: a top-level `return` is expected there.
  diagnosticCodesToIgnore: [1108],
});

loader.config({ monaco });

/**
 * Extra TypeScript declarations (e.g. `declare const input: ...`), shared by every editor that
 * asks for the same text: all JavaScript models live in one TypeScript program, so the same
 * declarations added twice would clash. Returns the release function.
 */
const extraLibs = new Map<string, { count: number; release: () => void }>();
let nextLibId = 0;

export function acquireTypeDefinitions(content: string): () => void {
  let entry = extraLibs.get(content);
  if (!entry) {
    const disposable = javascriptDefaults.addExtraLib(content, `file:///poseidon/code-field-${++nextLibId}.d.ts`);
    entry = { count: 0, release: () => disposable.dispose() };
    extraLibs.set(content, entry);
  }
  entry.count += 1;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const current = extraLibs.get(content);
    if (!current) return;
    current.count -= 1;
    if (current.count === 0) {
      extraLibs.delete(content);
      current.release();
    }
  };
}

export { monaco };
export { default as MonacoEditor } from '@monaco-editor/react';
