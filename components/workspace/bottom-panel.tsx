'use client';

import { AlertTriangle, CheckCircle2, CircleSlash, Play, TriangleAlert } from 'lucide-react';
import { useMemo, useState } from 'react';
import type { TDiagnostic } from '@/blocks/core/diagnostics';
import { blockRegistry } from '@/blocks/registry';
import { cn } from '@/components/ui/cn';
import { EmptyState } from '@/components/ui/feedback';
import type { TNodeTrace } from '@/blocks/core/run-trace';
import { useEditor, useEditorStoreApi } from './editor-store';
import { ValueView } from './value-view';

type TTab = 'run' | 'problems';

/** Test run results (per block: status, time, inputs, outputs, errors) and the flow's problems. */
export function BottomPanel() {
  const tab = useEditor((s) => s.panelTab);
  const setTab = useEditor((s) => s.setPanelTab);
  const problems = useEditor((s) => s.problems);
  const errorCount = problems.filter((p) => p.severity === 'error').length;
  return (
    <section aria-label="Run and problems" className="@container flex h-56 shrink-0 flex-col border-t border-border bg-surface">
      {/* Scrolls sideways rather than clipping a tab when the canvas column is narrow (preview open). */}
      <div role="tablist" className="flex shrink-0 gap-1 overflow-x-auto border-b border-border px-2">
        <TabButton id="run" active={tab} onSelect={setTab} icon={<Play />} label="Test run" />
        <TabButton
          id="problems"
          active={tab}
          onSelect={setTab}
          icon={<TriangleAlert />}
          label={`Problems${errorCount ? ` (${errorCount})` : ''}`}
        />
      </div>
      <div role="tabpanel" aria-label={tab === 'run' ? 'Test run' : 'Problems'} className="min-h-0 flex-1 overflow-hidden">
        {tab === 'run' ? <RunResults /> : <ProblemList problems={problems} />}
      </div>
    </section>
  );
}

function TabButton({
  id,
  active,
  onSelect,
  icon,
  label,
}: {
  id: TTab;
  active: TTab;
  onSelect: (t: TTab) => void;
  icon: React.ReactNode;
  label: string;
}) {
  return (
    <button
      role="tab"
      type="button"
      aria-selected={active === id}
      onClick={() => onSelect(id)}
      className={cn(
        'flex shrink-0 items-center gap-1.5 whitespace-nowrap border-b-2 px-3 py-2 text-sm [&_svg]:size-3.5',
        active === id ? 'border-primary font-medium text-fg' : 'border-transparent text-fg-muted hover:text-fg',
      )}
    >
      {icon} {label}
    </button>
  );
}

function titleOf(nodeId: string, nodes: { id: string; data: { blockType: string; version: number } }[]): string {
  const node = nodes.find((n) => n.id === nodeId);
  return (node && blockRegistry.get(node.data.blockType, node.data.version)?.title) ?? nodeId;
}

function StatusIcon({ status }: { status: TNodeTrace['status'] }) {
  if (status === 'ok') return <CheckCircle2 className="size-3.5 text-success" aria-label="OK" />;
  if (status === 'error') return <AlertTriangle className="size-3.5 text-danger" aria-label="Error" />;
  return <CircleSlash className="size-3.5 text-fg-subtle" aria-label="Skipped" />;
}

function RunResults() {
  const store = useEditorStoreApi();
  const run = useEditor((s) => s.lastRun);
  const running = useEditor((s) => s.running);
  const focused = useEditor((s) => s.focusedNodeId);
  // Read, not subscribed: titles only matter when the run changes, not while blocks move.
  const nodes = store.getState().nodes;
  if (!run) {
    return (
      <EmptyState title={running ? 'Running…' : 'No runs yet'} className="py-6">
        Press <strong>Run</strong> to test the flow: every block&apos;s input, output and timing show here.
      </EmptyState>
    );
  }
  const current =
    run.nodes.find((n) => n.nodeId === focused) ?? run.nodes.find((n) => n.status === 'error') ?? run.nodes[run.nodes.length - 1];
  return (
    <div className="flex h-full">
      <ol className="w-40 shrink-0 overflow-y-auto border-r border-border py-1 text-sm @2xl:w-60" aria-label="Blocks in this run">
        <li className="px-3 pb-1 text-xs text-fg-muted">
          {run.status === 'ok' ? 'Run succeeded' : 'Run had errors'} · {run.durationMs.toFixed(0)} ms
        </li>
        {run.nodes.map((n) => (
          <li key={n.nodeId}>
            <button
              type="button"
              onClick={() => {
                store.getState().focusNode(n.nodeId);
                store.getState().selectOnly(n.nodeId);
              }}
              className={cn(
                'flex w-full items-center gap-2 px-3 py-1 text-left hover:bg-surface-muted',
                current?.nodeId === n.nodeId && 'bg-primary-soft',
              )}
              aria-current={current?.nodeId === n.nodeId}
            >
              <StatusIcon status={n.status} />
              <span className="min-w-0 flex-1 truncate">{titleOf(n.nodeId, nodes)}</span>
              <span className="text-xs tabular-nums text-fg-subtle">{n.durationMs < 1 ? '<1' : n.durationMs.toFixed(0)} ms</span>
            </button>
          </li>
        ))}
      </ol>
      {current ? <NodeResult key={current.nodeId} trace={current} title={titleOf(current.nodeId, nodes)} /> : null}
    </div>
  );
}

function NodeResult({ trace, title }: { trace: TNodeTrace; title: string }) {
  // Failed blocks and page blocks (no outputs) open on what they received.
  const [side, setSide] = useState<'outputs' | 'inputs' | 'logs'>(
    trace.status === 'error' || Object.keys(trace.outputs).length === 0 ? 'inputs' : 'outputs',
  );
  const values = side === 'outputs' ? trace.outputs : trace.inputs;
  return (
    <div className="flex min-w-0 flex-1 flex-col" aria-label={`Result of ${title}`}>
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1 border-b border-border px-3 py-1.5 text-sm">
        <StatusIcon status={trace.status} />
        <span className="min-w-0 truncate font-medium">{title}</span>
        <span className="shrink-0 text-xs text-fg-subtle">{trace.durationMs.toFixed(1)} ms</span>
        <div className="ml-auto flex shrink-0 gap-1" role="group" aria-label="Show">
          {(['outputs', 'inputs', 'logs'] as const).map((s) => (
            <button
              key={s}
              type="button"
              onClick={() => setSide(s)}
              aria-pressed={side === s}
              className={cn(
                'rounded px-2 py-0.5 text-xs capitalize',
                side === s ? 'bg-fg text-surface' : 'text-fg-muted hover:bg-surface-muted',
              )}
            >
              {s}
            </button>
          ))}
        </div>
      </div>
      <div className="min-h-0 flex-1 overflow-auto p-3">
        {trace.diagnostics.length > 0 ? <ProblemItems problems={trace.diagnostics} /> : null}
        {side === 'logs' ? (
          trace.logs.length === 0 ? (
            <p className="text-sm text-fg-muted">No log lines.</p>
          ) : (
            <pre className="font-mono text-xs">
              {trace.logs.map((l) => `${l.at.slice(11, 19)} ${l.level.padEnd(5)} ${l.message}`).join('\n')}
            </pre>
          )
        ) : Object.keys(values).length === 0 ? (
          <p className="text-sm text-fg-muted">{side === 'outputs' ? 'No output.' : 'No input.'}</p>
        ) : (
          Object.entries(values).map(([port, value]) => <ValueView key={port} label={port} value={value} />)
        )}
      </div>
    </div>
  );
}

function ProblemItems({ problems }: { problems: TDiagnostic[] }) {
  const store = useEditorStoreApi();
  return (
    <ul className="mb-2 grid gap-1 text-sm">
      {problems.map((p, i) => (
        <li key={i}>
          <button
            type="button"
            disabled={!p.nodeId}
            onClick={() => p.nodeId && store.getState().selectOnly(p.nodeId)}
            className={cn(
              'flex w-full items-start gap-2 rounded px-2 py-1 text-left hover:bg-surface-muted',
              p.severity === 'error' ? 'text-danger' : 'text-fg-muted',
            )}
          >
            {p.severity === 'error' ? (
              <AlertTriangle className="mt-0.5 size-3.5 shrink-0" aria-hidden />
            ) : (
              <CircleSlash className="mt-0.5 size-3.5 shrink-0" aria-hidden />
            )}
            <span>{p.message}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

function ProblemList({ problems }: { problems: TDiagnostic[] }) {
  const sorted = useMemo(() => [...problems].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1)), [problems]);
  if (sorted.length === 0) {
    return (
      <EmptyState title="No problems found" className="py-6">
        Missing inputs, invalid settings and wrong connections show up here. Click one to select its block.
      </EmptyState>
    );
  }
  return (
    <div className="h-full overflow-y-auto p-2" aria-label="Problems list">
      <ProblemItems problems={sorted} />
    </div>
  );
}
