'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { CheckCircle2, Circle, CloudOff, ExternalLink, Loader2, RotateCcw, Rocket } from 'lucide-react';
import { useMemo, useRef, useState } from 'react';
import { toast } from 'sonner';
import { CAPABILITIES, type TCapability } from '@/blocks/core/block';
import { APP_DATA_GRACE_DAYS } from '@/blocks/core/bundle';
import type { TDiagnostic } from '@/blocks/core/diagnostics';
import { blockRegistry } from '@/blocks/registry';
import { useTRPC, useTRPCClient } from '@/components/trpc/client';
import { errorMessage } from '@/components/trpc/errors';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { ConfirmDialog, Dialog, DialogContent, DialogHeader } from '@/components/ui/dialog';
import { DiagnosticList } from '@/components/ui/feedback';
import { Field, Input } from '@/components/ui/input';
import { RelativeTime } from '@/components/ui/time';
import { useEditor } from '@/components/workspace/editor-store';
import { AppActivity } from './app-activity';

const STAGES = [
  { id: 'compile', label: 'Compile' },
  { id: 'sign', label: 'Sign' },
  { id: 'upload', label: 'Upload' },
  { id: 'verify', label: 'Verify' },
  { id: 'live', label: 'Live' },
] as const;
type TStage = (typeof STAGES)[number]['id'];

const CAPABILITY_TEXT: Record<TCapability, string> = {
  storage: 'Stores data on the network (collections, key-value)',
  net: 'Calls web addresses on the internet',
  code: 'Runs your own code, in a sandbox',
  ai: 'Runs AI models',
  chain: 'Uses smart contracts',
  log: 'Writes logs',
};

type TDeployState =
  | { phase: 'idle' }
  | { phase: 'running'; stage: TStage | null; startedAt: number }
  | { phase: 'done'; url: string; unchanged: boolean; seconds: number }
  | { phase: 'failed'; stage: TStage; diagnostics: TDiagnostic[] };

/** "<Project name>" -> "project-name": a valid first suggestion for the app's name. */
export function suggestAppName(projectName: string): string {
  const slug = projectName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
  return slug.length >= 3 ? slug : `app-${slug || 'new'}`;
}

export function DeployDialog({
  projectId,
  projectName,
  open,
  onOpenChange,
  flush,
}: {
  projectId: string;
  projectName: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  flush: () => Promise<void>;
}) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const deployments = useQuery({ ...trpc.deploy.list.queryOptions({ projectId }), enabled: open });
  /** The newest deployment (live, or taken offline): the app's name is fixed from the first. */
  const latest = deployments.data?.[0];
  const live = latest?.live ? latest : undefined;
  const [confirmingOffline, setConfirmingOffline] = useState(false);
  const [takingOffline, setTakingOffline] = useState(false);
  const [appName, setAppName] = useState(() => suggestAppName(projectName));
  const [state, setState] = useState<TDeployState>({ phase: 'idle' });
  /** Stops reading the running deploy's stages (the deploy itself finishes on the server). */
  const reading = useRef<AbortController | null>(null);
  // A string, so dragging blocks (which changes nodes, not capabilities) does not re-render this.
  const capabilityKey = useEditor((s) => {
    const used = new Set<TCapability>();
    for (const n of s.nodes) for (const c of blockRegistry.get(n.data.blockType, n.data.version)?.capabilities ?? []) used.add(c);
    return CAPABILITIES.filter((c) => used.has(c)).join(',');
  });
  const capabilities = useMemo(() => (capabilityKey ? (capabilityKey.split(',') as TCapability[]) : []), [capabilityKey]);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.deploy.list.queryKey({ projectId }) });

  async function deploy() {
    await flush();
    const startedAt = performance.now();
    setState({ phase: 'running', stage: null, startedAt });
    reading.current?.abort();
    const controller = new AbortController();
    reading.current = controller;
    try {
      const events = await client.deploy.start.mutate({ projectId, ...(latest ? {} : { appName }) }, { signal: controller.signal });
      for await (const event of events) {
        if (event.type === 'stage') setState({ phase: 'running', stage: event.stage, startedAt });
        else if (event.result.ok) {
          setState({
            phase: 'done',
            url: event.result.deployment.url,
            unchanged: event.result.unchanged,
            seconds: (performance.now() - startedAt) / 1000,
          });
          void refresh();
        } else setState({ phase: 'failed', stage: event.result.stage, diagnostics: event.result.diagnostics });
      }
    } catch (error) {
      if (controller.signal.aborted) return;
      setState({
        phase: 'failed',
        stage: 'compile',
        diagnostics: [{ severity: 'error', code: 'deploy_failed', message: errorMessage(error) }],
      });
    }
  }

  async function takeOffline() {
    setTakingOffline(true);
    try {
      const result = await client.deploy.takeOffline.mutate({ projectId });
      if (result.ok) {
        toast.success(`${result.appName ?? 'The app'} is offline`, {
          description: result.storageRemovedAt
            ? `Its stored data is kept until ${new Date(result.storageRemovedAt).toLocaleString()}.`
            : undefined,
        });
        setConfirmingOffline(false);
      } else toast.error('Could not take the app offline', { description: result.diagnostics[0]?.message });
      await refresh();
      await queryClient.invalidateQueries({ queryKey: trpc.deploy.status.queryKey({ projectId }) });
    } catch (error) {
      toast.error(errorMessage(error));
    } finally {
      setTakingOffline(false);
    }
  }

  async function rollback(deploymentId: string, seq: number) {
    try {
      const result = await client.deploy.rollback.mutate({ projectId, deploymentId });
      if (result.ok) toast.success(`Version ${seq} is live again`, { description: result.deployment.url });
      else toast.error('Rollback failed', { description: result.diagnostics[0]?.message });
      await refresh();
    } catch (error) {
      toast.error(errorMessage(error));
    }
  }

  const currentIndex =
    state.phase === 'running'
      ? STAGES.findIndex((s) => s.id === state.stage)
      : state.phase === 'done'
        ? STAGES.length
        : state.phase === 'failed'
          ? STAGES.findIndex((s) => s.id === state.stage)
          : -1;
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="w-[min(40rem,calc(100vw-2rem))]">
        <DialogHeader
          title={latest ? `Deploy ${latest.appName}` : 'Deploy your app'}
          description="Your app goes live on the DAIOS network, signed with your key, with its own page and API."
        />
        {!latest ? (
          <Field id="app-name" label="App name" hint={`Visitors open it at …/apps/${appName}/ — lowercase letters, digits and dashes.`}>
            <Input
              id="app-name"
              value={appName}
              onChange={(e) => setAppName(e.target.value.toLowerCase())}
              maxLength={63}
              disabled={state.phase === 'running'}
            />
          </Field>
        ) : null}
        <section aria-label="What this app may do" className="grid gap-1 text-sm">
          <span className="font-medium">This app may</span>
          {capabilities.length === 0 ? (
            <span className="text-fg-muted">only compute and show data (no storage, network or code).</span>
          ) : (
            <ul className="list-inside list-disc text-fg-muted">
              {capabilities.map((c) => (
                <li key={c}>{CAPABILITY_TEXT[c]}</li>
              ))}
            </ul>
          )}
        </section>
        {state.phase !== 'idle' ? (
          <section aria-label="Deploy progress" className="grid gap-2">
            <div
              className="h-1.5 overflow-hidden rounded-full bg-surface-muted"
              role="progressbar"
              aria-valuemin={0}
              aria-valuemax={STAGES.length}
              aria-valuenow={Math.max(0, currentIndex)}
            >
              <div
                className={cn('h-full transition-all', state.phase === 'failed' ? 'bg-danger' : 'bg-primary')}
                style={{ width: `${(Math.max(0, currentIndex + (state.phase === 'running' ? 0.5 : 0)) / STAGES.length) * 100}%` }}
              />
            </div>
            <ol className="flex justify-between text-xs">
              {STAGES.map((s, i) => (
                <li
                  key={s.id}
                  className={cn(
                    'flex items-center gap-1',
                    i < currentIndex || state.phase === 'done'
                      ? 'text-success'
                      : i === currentIndex
                        ? state.phase === 'failed'
                          ? 'text-danger'
                          : 'text-primary'
                        : 'text-fg-subtle',
                  )}
                >
                  {i < currentIndex || state.phase === 'done' ? (
                    <CheckCircle2 className="size-3.5" />
                  ) : i === currentIndex && state.phase === 'running' ? (
                    <Loader2 className="size-3.5 animate-spin" />
                  ) : (
                    <Circle className="size-3.5" />
                  )}
                  {s.label}
                </li>
              ))}
            </ol>
            <p role="status" className="text-sm">
              {state.phase === 'running' ? `${STAGES.find((s) => s.id === state.stage)?.label ?? 'Starting'}…` : null}
              {state.phase === 'done' ? (
                state.unchanged ? (
                  'Nothing changed since the last deployment: the live version is already this one.'
                ) : (
                  <>
                    Live in {state.seconds.toFixed(1)} s at{' '}
                    <a href={state.url} target="_blank" rel="noreferrer" className="font-medium text-primary underline">
                      {state.url}
                    </a>
                  </>
                )
              ) : null}
            </p>
            {state.phase === 'failed' ? <DiagnosticList label="Deploy problems" diagnostics={state.diagnostics} /> : null}
          </section>
        ) : null}
        <div className="flex justify-end gap-2">
          {live ? (
            <Button variant="ghost" className="mr-auto" onClick={() => setConfirmingOffline(true)} disabled={state.phase === 'running'}>
              <CloudOff /> Take offline
            </Button>
          ) : null}
          {live ? (
            <Button variant="secondary" asChild>
              <a href={live.url} target="_blank" rel="noreferrer">
                <ExternalLink /> Open app
              </a>
            </Button>
          ) : null}
          <Button onClick={() => void deploy()} disabled={state.phase === 'running'}>
            {state.phase === 'running' ? <Loader2 className="animate-spin" /> : <Rocket />} {live ? 'Deploy changes' : 'Deploy'}
          </Button>
        </div>
        {deployments.data && deployments.data.length > 0 ? (
          <section aria-label="Deployments" className="grid gap-1.5 border-t border-border pt-3">
            <h3 className="text-sm font-medium">Deployments</h3>
            <ul className="grid max-h-56 gap-1 overflow-y-auto">
              {deployments.data.map((d) => (
                <li
                  key={d.id}
                  aria-label={`Version ${d.seq}`}
                  className="flex items-center gap-2 rounded-lg border border-border px-3 py-1.5 text-sm"
                >
                  <span className="font-medium">v{d.seq}</span>
                  <code className="text-xs text-fg-subtle" title={d.cid}>
                    {d.cid.slice(0, 8)}…{d.cid.slice(-6)}
                  </code>
                  <span className="text-xs text-fg-muted">
                    <RelativeTime date={d.createdAt} />
                    {d.rollbackOf ? ' · rollback' : ''}
                  </span>
                  {d.live ? (
                    <span className="ml-auto rounded-full bg-success-soft px-2 py-0.5 text-xs font-medium text-success">Live</span>
                  ) : (
                    <Button variant="ghost" size="sm" className="ml-auto" onClick={() => void rollback(d.id, d.seq)}>
                      <RotateCcw /> Roll back to this
                    </Button>
                  )}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        <ConfirmDialog
          open={confirmingOffline}
          onOpenChange={setConfirmingOffline}
          title={`Take ${live?.appName ?? 'the app'} offline?`}
          description={`Visitors can no longer open it and its secrets leave the node now. The node keeps the app's stored data for ${APP_DATA_GRACE_DAYS} days (the name stays yours meanwhile: deploy again to bring it back with its data); then the data is deleted and the name is free for anyone.`}
          confirmLabel="Take offline"
          pending={takingOffline}
          onConfirm={() => void takeOffline()}
        />
        {live ? <AppActivity projectId={projectId} enabled={open} onSelectBlock={() => onOpenChange(false)} /> : null}
      </DialogContent>
    </Dialog>
  );
}
