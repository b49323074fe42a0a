'use client';

import { useSuspenseQuery } from '@tanstack/react-query';
import { ReactFlowProvider } from '@xyflow/react';
import { ChevronLeft, Download, History, Pencil, Rocket, Save, Settings } from 'lucide-react';
import Link from 'next/link';
import { useCallback, useMemo, useState, useSyncExternalStore } from 'react';
import { AppHeader, type THeaderUser } from '@/components/app-header';
import { DeployDialog } from '@/components/deploy/deploy-dialog';
import { NameDialog } from '@/components/projects/rename-dialog';
import { useProjectActions } from '@/components/projects/use-project-actions';
import { useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { ClientOnly } from '@/components/ui/client-only';
import { BottomPanel } from './bottom-panel';
import { Canvas } from './canvas';
import { SettingsDialog } from './settings-dialog';
import { ShortcutsDialog } from './shortcuts-dialog';
import { Toolbar } from './toolbar';
import { useProblems } from './use-problems';
import { useRun } from './use-run';
import { useEditorShortcuts } from './use-shortcuts';
import { WorkspaceActionsContext } from './workspace-actions';
import { ConflictDialog } from './conflict-dialog';
import { createEditorStore, EditorStoreContext, useEditorStoreApi } from './editor-store';
import { TestInputDialog, type TTestInputRequest } from './test-input-dialog';
import { Inspector } from './inspector';
import { Palette } from './palette';
import { PreviewPane } from './preview-pane';
import { SaveStatus } from './save-status';
import { useAutosave } from './use-autosave';
import { HistoryDialog, SaveVersionDialog } from './versions';

/**
 * The canvas renders in the browser only: server-rendering a large graph and then hydrating it
 * cost more than drawing it once. Its code ships with the page (not loaded after hydration), which
 * opened a 1,000-block project sooner (bench/editor.bench.ts).
 */
const CANVAS_PLACEHOLDER = <div className="h-full w-full animate-pulse bg-surface-muted/40" aria-label="Loading the canvas" />;

/** The project page: header with project actions, and the editor (palette, canvas, inspector, panel). */
export function ProjectWorkspace({ projectId, user }: { projectId: string; user: THeaderUser }) {
  const trpc = useTRPC();
  const { data: project } = useSuspenseQuery(trpc.projects.get.queryOptions({ projectId }));
  // The store is made once from the first load; later loads go through store.load().
  const [store] = useState(() => createEditorStore(project.graph, project.version, project.updatedAt));
  return (
    <EditorStoreContext.Provider value={store}>
      <ReactFlowProvider>
        <Workspace projectId={projectId} projectName={project.name} user={user} />
      </ReactFlowProvider>
    </EditorStoreContext.Provider>
  );
}

function Workspace({ projectId, projectName, user }: { projectId: string; projectName: string; user: THeaderUser }) {
  const { flush } = useAutosave(projectId);
  const actions = useProjectActions();
  const [dialog, setDialog] = useState<'rename' | 'version' | 'history' | 'settings' | 'shortcuts' | 'deploy' | null>(null);
  const close = (open: boolean) => !open && setDialog(null);
  const run = useRun(projectId, flush);
  const store = useEditorStoreApi();
  const [testInput, setTestInput] = useState<TTestInputRequest | null>(null);
  const [previewOpen, setPreviewOpen] = useState(false);
  // Beside the canvas on a wide screen; over the canvas (below the toolbar, above the run panel) on a narrower one.
  const wide = useMediaQuery(WIDE_ENOUGH_FOR_PREVIEW_COLUMN);
  /** A form trigger needs a person's input: ask for it first; other triggers have samples. */
  const startRun = useCallback(
    (options: { triggerId?: string } = {}) => {
      const node = options.triggerId ? store.getState().nodes.find((n) => n.id === options.triggerId) : undefined;
      if (node?.data.blockType === 'form') {
        setTestInput({ triggerId: node.id, title: 'Form', blockType: 'form', config: node.data.config });
        return;
      }
      void run(options);
    },
    [run, store],
  );
  const handlers = useMemo(() => ({ run: () => void run(), showHelp: () => setDialog('shortcuts') }), [run]);
  const workspaceActions = useMemo(() => ({ run: (options?: Parameters<typeof run>[0]) => void run(options) }), [run]);
  useEditorShortcuts(handlers);
  useProblems();

  return (
    <WorkspaceActionsContext.Provider value={workspaceActions}>
      <div className="flex h-screen min-h-[640px] flex-col">
        <AppHeader user={user}>
          <Button asChild variant="ghost" size="sm">
            <Link href="/projects" aria-label="All projects">
              <ChevronLeft />
            </Link>
          </Button>
          <h1 className="min-w-0 truncate text-sm font-semibold" title={projectName}>
            {projectName}
          </h1>
          <Button variant="ghost" size="icon" aria-label="Rename project" onClick={() => setDialog('rename')}>
            <Pencil />
          </Button>
          <SaveStatus />
          <div className="ml-auto flex items-center gap-1.5">
            <Button variant="ghost" size="sm" onClick={() => setDialog('settings')}>
              <Settings /> Settings
            </Button>
            <Button variant="ghost" size="sm" onClick={() => setDialog('history')}>
              <History /> History
            </Button>
            <Button variant="ghost" size="sm" onClick={() => void flush().then(() => actions.exportToFile(projectId))}>
              <Download /> Export
            </Button>
            <Button variant="secondary" size="sm" onClick={() => setDialog('version')}>
              <Save /> Save version
            </Button>
            <Button size="sm" onClick={() => setDialog('deploy')}>
              <Rocket /> Deploy
            </Button>
          </div>
        </AppHeader>
        <div className="relative flex min-h-0 flex-1">
          <Palette />
          <main className="@container flex min-w-0 flex-1 flex-col">
            <Toolbar
              run={startRun}
              showHelp={() => setDialog('shortcuts')}
              previewOpen={previewOpen}
              togglePreview={() => setPreviewOpen((open) => !open)}
            />
            <div className="relative min-h-0 flex-1">
              <ClientOnly fallback={CANVAS_PLACEHOLDER}>
                <Canvas />
              </ClientOnly>
              {previewOpen && !wide ? <PreviewPane projectId={projectId} onClose={() => setPreviewOpen(false)} floating /> : null}
            </div>
            <BottomPanel />
          </main>
          {previewOpen && wide ? <PreviewPane projectId={projectId} onClose={() => setPreviewOpen(false)} /> : null}
          <Inspector />
        </div>
        <NameDialog
          open={dialog === 'rename'}
          onOpenChange={close}
          title="Rename project"
          initialName={projectName}
          submitLabel="Rename"
          pending={actions.rename.isPending}
          onSubmit={(name) => actions.rename.mutate({ projectId, name }, { onSuccess: () => setDialog(null) })}
        />
        <SaveVersionDialog projectId={projectId} open={dialog === 'version'} onOpenChange={close} flush={flush} />
        <HistoryDialog projectId={projectId} open={dialog === 'history'} onOpenChange={close} flush={flush} />
        <ConflictDialog projectId={projectId} projectName={projectName} />
        <SettingsDialog projectId={projectId} open={dialog === 'settings'} onOpenChange={close} />
        <DeployDialog projectId={projectId} projectName={projectName} open={dialog === 'deploy'} onOpenChange={close} flush={flush} />
        <ShortcutsDialog open={dialog === 'shortcuts'} onOpenChange={close} />
        <TestInputDialog
          request={testInput}
          onClose={() => setTestInput(null)}
          onRun={(triggerId, payload) => {
            setTestInput(null);
            void run({ triggerId, payload });
          }}
        />
      </div>
    </WorkspaceActionsContext.Provider>
  );
}

const WIDE_ENOUGH_FOR_PREVIEW_COLUMN = '(min-width: 1280px)';

/** Whether a media query matches; on the server (and in the first render) it counts as matching. */
function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    useCallback(
      (changed: () => void) => {
        const list = window.matchMedia(query);
        list.addEventListener('change', changed);
        return () => list.removeEventListener('change', changed);
      },
      [query],
    ),
    () => window.matchMedia(query).matches,
    () => true,
  );
}
