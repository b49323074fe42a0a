'use client';

/**
 * The code field of the block inspector: a Monaco editor (JavaScript with IntelliSense, or JSON),
 * loaded in the browser only and from the local package (see monaco-setup.ts). Until Monaco is
 * ready, a skeleton of the same size holds the place.
 *
 * Keyboard: keys typed in the editor stay in the editor (the canvas shortcuts on `window` never
 * see them); Escape leaves the editor (after closing a suggestion list or similar first).
 */
import type { OnMount } from '@monaco-editor/react';
import type { editor as MonacoEditorApi } from 'monaco-editor/editor';
import dynamic from 'next/dynamic';
import { useCallback, useEffect, useId, useMemo, useRef } from 'react';
import { cn } from '@/components/ui/cn';

export interface CodeEditorProps {
  value: string;
  onChange(value: string): void;
  language: 'javascript' | 'json';
  /** TypeScript declarations offered to completion, e.g. `declare const input: { name: string }[];` (JavaScript only). */
  typeDefinitions?: string;
  /** Accessible name of the editor's text box. */
  ariaLabel: string;
  /** Height in pixels; 180 by default. */
  height?: number;
}

type TMonacoSetup = typeof import('./monaco-setup');

const BASE_OPTIONS: MonacoEditorApi.IStandaloneEditorConstructionOptions = {
  // The EditContext input drops spaces typed by Playwright (and some IMEs): use the textarea.
  editContext: false,
  minimap: { enabled: false },
  fontSize: 13,
  automaticLayout: true,
  scrollBeyondLastLine: false,
  tabSize: 2,
  lineNumbers: 'on',
  wordWrap: 'on',
  // The field is small and sits in a scrolling panel: let suggestions and hovers overflow it.
  fixedOverflowWidgets: true,
  renderLineHighlightOnlyWhenFocus: true,
  overviewRulerLanes: 0,
  hideCursorInOverviewRuler: true,
  scrollbar: { alwaysConsumeMouseWheel: false },
  padding: { top: 6, bottom: 6 },
};

function EditorSkeleton() {
  return (
    <div className="flex h-full w-full animate-pulse flex-col gap-2 bg-surface-muted/60 p-3" aria-hidden>
      <div className="h-3 w-2/3 rounded bg-surface-muted" />
      <div className="h-3 w-1/2 rounded bg-surface-muted" />
      <div className="h-3 w-3/5 rounded bg-surface-muted" />
    </div>
  );
}

function MonacoField({ setup, value, onChange, language, typeDefinitions, ariaLabel }: CodeEditorProps & { setup: TMonacoSetup }) {
  const { MonacoEditor, acquireTypeDefinitions } = setup;
  const containerRef = useRef<HTMLDivElement>(null);
  const editorRef = useRef<MonacoEditorApi.IStandaloneCodeEditor | null>(null);
  // One model per field; the extension tells the TypeScript worker it is a script.
  const modelPath = `file:///poseidon/field-${useId().replace(/[^\w-]/g, '')}.${language === 'json' ? 'json' : 'js'}`;

  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  }, [onChange]);
  const handleChange = useCallback((next: string | undefined) => onChangeRef.current(next ?? ''), []);

  // The declarations live as long as a field needs them; a new text replaces the old one.
  useEffect(() => {
    if (language !== 'javascript' || !typeDefinitions) return;
    return acquireTypeDefinitions(typeDefinitions);
  }, [language, typeDefinitions, acquireTypeDefinitions]);

  const options = useMemo(() => ({ ...BASE_OPTIONS, ariaLabel }), [ariaLabel]);

  const handleMount = useCallback<OnMount>((editor) => {
    editorRef.current = editor;
  }, []);

  // Monaco handles its own keys on the editor's node and stops the ones it uses (an Escape that
  // closes the suggestion list never gets here). What bubbles up is kept from window-level
  // shortcut listeners; an Escape nobody in Monaco wanted leaves the editor.
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const onKeyDown = (event: KeyboardEvent) => {
      event.stopPropagation();
      if (event.key !== 'Escape' || event.isComposing || !editorRef.current?.hasTextFocus()) return;
      const active = document.activeElement;
      if (active instanceof HTMLElement && container.contains(active)) active.blur();
    };
    container.addEventListener('keydown', onKeyDown);
    return () => container.removeEventListener('keydown', onKeyDown);
  }, []);

  return (
    <div ref={containerRef} className="h-full w-full">
      <MonacoEditor
        height="100%"
        width="100%"
        theme="vs"
        language={language}
        path={modelPath}
        value={value}
        onChange={handleChange}
        onMount={handleMount}
        options={options}
        loading={<EditorSkeleton />}
      />
    </div>
  );
}

const LazyMonacoField = dynamic<CodeEditorProps>(
  async () => {
    const setup = await import('./monaco-setup');
    function LoadedMonacoField(props: CodeEditorProps) {
      return <MonacoField {...props} setup={setup} />;
    }
    return LoadedMonacoField;
  },
  { ssr: false, loading: () => <EditorSkeleton /> },
);

/** A Monaco code field (client only; a skeleton shows while Monaco loads). */
export function CodeEditor({ height = 180, ...props }: CodeEditorProps) {
  return (
    <div
      className={cn(
        'w-full overflow-hidden rounded-lg border border-border-strong bg-surface shadow-xs',
        'focus-within:border-primary focus-within:ring-2 focus-within:ring-primary/20',
      )}
      style={{ height }}
      data-code-editor={props.language}
    >
      <LazyMonacoField {...props} />
    </div>
  );
}
