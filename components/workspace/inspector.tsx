'use client';

import { AlertTriangle, MousePointerClick, Play } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { TBlockDefinition } from '@/blocks/core/block';
import { formatPath } from '@/blocks/core/diagnostics';
import { configJsonSchema, portLabel, withFieldTexts, type TBlockTexts } from '@/blocks/core/messages';
import { PORT_TYPE_LABELS } from '@/blocks/core/ports';
import { blockRegistry } from '@/blocks/registry';
import { EmptyState } from '@/components/ui/feedback';
import { CategoryIcon } from './block-visuals';
import { ConfigForm, type TJsonSchema } from './config-form';
import { useEditor } from './editor-store';
import type { TEditorNode } from './graph-mapping';
import { typeDefinitionsFor } from './input-types';
import { NodeExtras } from './node-extras';
import { useBlockTexts } from './use-block-texts';
import { useWorkspaceActions } from './workspace-actions';

const schemaCache = new WeakMap<TBlockTexts, TJsonSchema>();

/**
 * The JSON Schema the form is generated from (input side: fields with defaults are optional),
 * with the field labels and help in the page's language. `texts` is one object per block and
 * language (see blockTexts), so it keys the cache.
 */
function jsonSchemaOf(definition: TBlockDefinition, texts: TBlockTexts): TJsonSchema {
  let schema = schemaCache.get(texts);
  if (!schema) {
    schema = withFieldTexts(configJsonSchema(definition) as TJsonSchema, texts.fields);
    schemaCache.set(texts, schema);
  }
  return schema;
}

export function Inspector() {
  // Selected ids and the single selection's data only: a block's data keeps its identity while it
  // is dragged, so moving blocks never re-renders the inspector.
  const selected = useEditor(useShallow((s) => s.nodes.filter((n) => n.selected).map((n) => n.id)));
  const singleId = selected.length === 1 ? selected[0]! : null;
  const data = useEditor((s) => (singleId ? s.nodes.find((n) => n.id === singleId)?.data : undefined));
  const node = singleId && data ? { id: singleId, data } : undefined;

  return (
    <aside aria-label="Inspector" className="flex h-full w-72 shrink-0 flex-col border-l border-border bg-surface 2xl:w-80">
      <h2 className="border-b border-border px-4 py-3 text-sm font-semibold">Inspector</h2>
      {!node ? (
        <EmptyState icon={<MousePointerClick />} title={selected.length > 1 ? `${selected.length} blocks selected` : 'Nothing selected'}>
          {selected.length > 1
            ? 'Select a single block to see its settings.'
            : 'Select a block on the canvas to see and edit its settings.'}
        </EmptyState>
      ) : (
        <NodeInspector key={node.id} node={node} />
      )}
    </aside>
  );
}

type TInspectedNode = Pick<TEditorNode, 'id' | 'data'>;

function NodeInspector({ node }: { node: TInspectedNode }) {
  const definition = blockRegistry.get(node.data.blockType, node.data.version);
  const texts = useBlockTexts(definition);
  const updateConfig = useEditor((s) => s.updateConfig);
  const { run } = useWorkspaceActions();
  const problems = useEditor((s) => s.problems);
  const lastInputs = useEditor((s) => s.lastRun?.nodes.find((n) => n.nodeId === node.id)?.inputs);
  const nodeProblems = useMemo(() => problems.filter((p) => p.nodeId === node.id && !p.path?.startsWith('config.')), [problems, node.id]);

  const fieldErrors = useMemo(() => {
    const errors = new Map<string, string>();
    if (!definition) return errors;
    const result = definition.configSchema.safeParse(node.data.config);
    if (!result.success) for (const issue of result.error.issues) errors.set(formatPath(issue.path), issue.message);
    // Compiler findings on a field (a syntax error in code, say) show next to that field too.
    for (const p of problems) {
      if (p.nodeId === node.id && p.path?.startsWith('config.') && p.code !== 'invalid_config') {
        const field = p.path.slice('config.'.length);
        if (!errors.has(field)) errors.set(field, p.message.replace(/^.*?: (?=[^:]+: )/, ''));
      }
    }
    return errors;
  }, [definition, node.data.config, node.id, problems]);

  if (!definition || !texts) {
    return (
      <div className="p-4 text-sm text-danger">
        This block ({node.data.blockType}@{node.data.version}) is not known to this version of Poseidon. Remove it or import the project
        into a newer version.
      </div>
    );
  }

  return (
    <div className="grid content-start gap-4 overflow-y-auto p-4">
      <div className="flex items-start gap-2.5">
        <CategoryIcon definition={definition} size="size-8" />
        <div className="min-w-0">
          <div className="font-medium">{texts.title}</div>
          <div className="text-xs text-fg-muted">{texts.description}</div>
          <div className="mt-0.5 font-mono text-[11px] text-fg-subtle">
            {node.data.blockType}@{node.data.version} · {node.id}
          </div>
        </div>
      </div>
      {nodeProblems.length > 0 ? (
        <ul className="grid gap-1 rounded-lg bg-danger-soft p-2 text-xs text-danger" aria-label="Problems of this block">
          {nodeProblems.map((p, i) => (
            <li key={i} className="flex gap-1.5">
              <AlertTriangle className="mt-0.5 size-3.5 shrink-0" aria-hidden /> {p.message}
            </li>
          ))}
        </ul>
      ) : null}
      {definition.inputs.length + definition.outputs.length > 0 ? (
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs">
          {definition.inputs.map((p) => (
            <PortRow key={`in-${p.name}`} direction="in" label={portLabel(texts, 'inputs', p.name)} type={p.type} required={p.required} />
          ))}
          {definition.outputs.map((p) => (
            <PortRow key={`out-${p.name}`} direction="out" label={portLabel(texts, 'outputs', p.name)} type={p.type} />
          ))}
        </dl>
      ) : null}
      {definition.category !== 'canvas' ? (
        <Button
          variant="secondary"
          size="sm"
          className="justify-self-start"
          onClick={() => run({ onlyNodeId: node.id })}
          title="Runs this block alone, fed with what the blocks before it produced in the last run"
        >
          <Play /> Run this block
        </Button>
      ) : null}
      <NodeExtras node={node} definition={definition} />
      <ConfigForm
        idPrefix={`cfg-${node.id}`}
        schema={jsonSchemaOf(definition, texts)}
        value={withDefaults(definition, node.data.config)}
        onChange={(config) => updateConfig(node.id, config)}
        errors={fieldErrors}
        typeDefinitions={typeDefinitionsFor(definition, lastInputs)}
      />
    </div>
  );
}

/** What the block will run with: stored values, and defaults for fields never set. */
function withDefaults(definition: TBlockDefinition, config: Record<string, unknown>): Record<string, unknown> {
  const parsed = definition.configSchema.safeParse(config);
  return parsed.success ? { ...config, ...(parsed.data as Record<string, unknown>) } : config;
}

function PortRow({
  direction,
  label,
  type,
  required,
}: {
  direction: 'in' | 'out';
  label: string;
  type: keyof typeof PORT_TYPE_LABELS;
  required?: boolean;
}) {
  return (
    <>
      <dt className="text-fg-subtle">{direction === 'in' ? 'Input' : 'Output'}</dt>
      <dd>
        <span className="font-medium">{label}</span>{' '}
        <span className="text-fg-muted">
          ({PORT_TYPE_LABELS[type]}
          {required ? ', required' : ''})
        </span>
      </dd>
    </>
  );
}
