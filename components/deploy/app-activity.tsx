'use client';

/**
 * What the live app has been doing on its node: request counts, errors and its recent runs (time,
 * trigger, status, duration, the failing block and why). Polled while shown; a failing block that
 * is still in the draft can be selected on the canvas.
 */
import { useQuery } from '@tanstack/react-query';
import { AlertTriangle, CheckCircle2, Loader2 } from 'lucide-react';
import { blockRegistry } from '@/blocks/registry';
import { useTRPC } from '@/components/trpc/client';
import { errorMessage } from '@/components/trpc/errors';
import { cn } from '@/components/ui/cn';
import { RelativeTime } from '@/components/ui/time';
import { useEditor, useEditorStoreApi } from '@/components/workspace/editor-store';
import type { TEditorNode } from '@/components/workspace/graph-mapping';

const REFRESH_MS = 3_000;

/** "Code", or "Code (work)" when the draft has more than one block of that kind. */
function blockLabel(nodeId: string, nodes: readonly TEditorNode[]): string {
  const node = nodes.find((n) => n.id === nodeId);
  if (!node) return nodeId;
  const title = blockRegistry.get(node.data.blockType, node.data.version)?.title ?? nodeId;
  const same = nodes.filter((n) => n.data.blockType === node.data.blockType).length;
  return same > 1 ? `${title} (${nodeId})` : title;
}

function duration(ms: number): string {
  if (ms < 1) return '<1 ms';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

export function AppActivity({ projectId, enabled, onSelectBlock }: { projectId: string; enabled: boolean; onSelectBlock: () => void }) {
  const trpc = useTRPC();
  const store = useEditorStoreApi();
  const nodes = useEditor((s) => s.nodes);
  const status = useQuery({ ...trpc.deploy.status.queryOptions({ projectId }), enabled, refetchInterval: REFRESH_MS });
  const data = status.data;

  const selectBlock = (nodeId: string) => {
    store.getState().selectOnly(nodeId);
    onSelectBlock();
  };

  let body: React.ReactNode;
  if (!data) {
    body = status.error ? (
      <p className="text-sm text-danger">{errorMessage(status.error)}</p>
    ) : (
      <p className="flex items-center gap-2 text-sm text-fg-muted">
        <Loader2 className="size-3.5 animate-spin" aria-hidden /> Loading activity…
      </p>
    );
  } else if (data.state === 'not_deployed') {
    body = <p className="text-sm text-fg-muted">Not deployed yet: once the app is live, its requests and runs show here.</p>;
  } else if (data.state === 'offline') {
    body = <p className="text-sm text-fg-muted">Offline: deploy again to put it back on the network.</p>;
  } else if (data.state === 'unavailable') {
    body = (
      <p className="flex items-start gap-2 rounded-lg bg-warning-soft px-3 py-2 text-sm text-warning">
        <AlertTriangle className="mt-0.5 size-4 shrink-0" aria-hidden />
        <span>{data.message}</span>
      </p>
    );
  } else {
    const { stats, logs } = data;
    const refused = Object.values(stats.refused).reduce((sum, n) => sum + n, 0);
    const rateLimited = stats.refused.rate_limited ?? 0;
    const counters: { label: string; value: number; hint?: string; tone?: 'danger' }[] = [
      { label: 'Requests', value: stats.requests },
      { label: 'Runs', value: stats.runs.ok + stats.runs.error, hint: `${stats.runs.load} page loads` },
      { label: 'Errors', value: stats.runs.error, ...(stats.runs.error > 0 ? { tone: 'danger' as const } : {}) },
      {
        label: 'Refused',
        value: refused,
        hint: Object.entries(stats.refused)
          .map(([code, n]) => `${n} ${code.replace(/_/g, ' ')}`)
          .join(', '),
      },
    ];
    body = (
      <>
        <dl className="grid grid-cols-4 gap-2">
          {counters.map((c) => (
            <div key={c.label} className="rounded-lg border border-border px-3 py-1.5" title={c.hint || undefined}>
              <dt className="text-xs text-fg-muted">{c.label}</dt>
              <dd className={cn('text-lg font-semibold tabular-nums', c.tone === 'danger' && 'text-danger')}>{c.value}</dd>
            </div>
          ))}
        </dl>
        <p className="text-xs text-fg-muted">
          {stats.lastRunAt ? <RelativeTime date={new Date(stats.lastRunAt)} prefix="Last run " /> : 'No runs yet'}
          {stats.running > 0 ? ` · ${stats.running} running now` : ''}
          {rateLimited > 0 ? ` · ${rateLimited} rate-limited` : ''}
          {stats.meanDurationMs !== null ? ` · ${duration(stats.meanDurationMs)} on average` : ''}
          {data.record.cid !== data.deployment.cid ? ' · the node now serves another version of this name' : ''}
        </p>
        {logs.length === 0 ? (
          <p className="text-sm text-fg-muted">No runs yet: open the app and use it, and its runs show here.</p>
        ) : (
          <ol aria-label="Recent runs" className="grid max-h-56 gap-1 overflow-y-auto">
            {logs.map((run) => {
              const at = new Date(run.at);
              const failedNode = run.failed && nodes.some((n) => n.id === run.failed!.nodeId) ? run.failed.nodeId : null;
              return (
                <li
                  key={run.runId}
                  aria-label={`${run.status === 'ok' ? 'Run' : 'Failed run'} at ${at.toLocaleTimeString()}`}
                  className="grid gap-0.5 rounded-lg border border-border px-3 py-1.5 text-sm"
                >
                  <div className="flex items-center gap-2">
                    {run.status === 'ok' ? (
                      <CheckCircle2 className="size-3.5 shrink-0 text-success" aria-label="OK" />
                    ) : (
                      <AlertTriangle className="size-3.5 shrink-0 text-danger" aria-label="Error" />
                    )}
                    <time dateTime={run.at} title={at.toLocaleString()} className="text-xs tabular-nums text-fg-muted">
                      {at.toLocaleTimeString()}
                    </time>
                    <span className="min-w-0 flex-1 truncate" title={run.trigger ?? undefined}>
                      {run.trigger === null ? 'Page load' : blockLabel(run.trigger, nodes)}
                    </span>
                    <span className="text-xs tabular-nums text-fg-subtle">{duration(run.durationMs)}</span>
                  </div>
                  {run.failed ? (
                    <p className="pl-5.5 text-xs text-danger">
                      {failedNode ? (
                        <button
                          type="button"
                          className="font-medium underline underline-offset-2 hover:text-fg"
                          title="Select this block on the canvas"
                          onClick={() => selectBlock(failedNode)}
                        >
                          {blockLabel(failedNode, nodes)}
                        </button>
                      ) : (
                        <span className="font-medium" title="This block is no longer in the draft">
                          {run.failed.nodeId}
                        </span>
                      )}
                      : {run.failed.message}
                    </p>
                  ) : null}
                </li>
              );
            })}
          </ol>
        )}
      </>
    );
  }

  return (
    <section aria-label="Activity" className="grid gap-2 border-t border-border pt-3">
      <div className="flex items-baseline justify-between gap-2">
        <h3 className="text-sm font-medium">Activity</h3>
        <span className="text-xs text-fg-subtle">Since the node started · updates every few seconds</span>
      </div>
      {body}
    </section>
  );
}
