'use client';

/**
 * The inspector's settings form, generated from a block's zod config schema (via its JSON
 * Schema): text, number, yes/no, choice, JSON, list and code fields. Each field shows the
 * schema's description and, when the value fails the schema, the problem.
 */
import { Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { fieldLabel } from '@/blocks/core/messages';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { Input, Label, Textarea } from '@/components/ui/input';
import { CodeEditor } from './code-editor';

export interface TJsonSchema {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  properties?: Record<string, TJsonSchema>;
  items?: TJsonSchema;
  anyOf?: TJsonSchema[];
  widget?: string;
  language?: string;
  title?: string;
}

/** What kind of control a schema gets. */
export function fieldKind(schema: TJsonSchema): 'code' | 'textarea' | 'enum' | 'boolean' | 'number' | 'string' | 'list' | 'json' {
  if (schema.widget === 'code') return 'code';
  if (schema.widget === 'textarea') return 'textarea';
  if (schema.widget === 'json') return 'json';
  if (schema.enum) return 'enum';
  if (schema.type === 'boolean') return 'boolean';
  if (schema.type === 'number' || schema.type === 'integer') return 'number';
  if (schema.type === 'string') return 'string';
  if (
    schema.type === 'array' &&
    schema.items &&
    (schema.items.type === 'string' || schema.items.type === 'object' || schema.items.type === 'number')
  )
    return 'list';
  return 'json';
}

export function ConfigForm({
  idPrefix,
  schema,
  value,
  onChange,
  errors,
  typeDefinitions,
}: {
  idPrefix: string;
  schema: TJsonSchema;
  value: Record<string, unknown>;
  onChange: (next: Record<string, unknown>) => void;
  /** Problems by field path, e.g. "url" or "headers[0].name". */
  errors: Map<string, string>;
  typeDefinitions?: string;
}) {
  return (
    <div className="grid gap-4">
      {Object.entries(schema.properties ?? {}).map(([name, field]) => (
        <SchemaField
          key={name}
          id={`${idPrefix}-${name}`}
          name={name}
          path={name}
          schema={field}
          value={value[name]}
          onChange={(next) => onChange({ ...value, [name]: next })}
          errors={errors}
          typeDefinitions={typeDefinitions}
        />
      ))}
    </div>
  );
}

function SchemaField({
  id,
  name,
  path,
  schema,
  value,
  onChange,
  errors,
  typeDefinitions,
}: {
  id: string;
  name: string;
  path: string;
  schema: TJsonSchema;
  value: unknown;
  onChange: (next: unknown) => void;
  errors: Map<string, string>;
  typeDefinitions?: string;
}) {
  const kind = fieldKind(schema);
  const error = errors.get(path);
  const label = schema.title ?? fieldLabel(name);
  const describedBy = `${id}-help`;
  const help = error ? (
    <p id={describedBy} role="alert" className="text-xs text-danger">
      {error}
    </p>
  ) : schema.description ? (
    <p id={describedBy} className="text-xs text-fg-muted">
      {schema.description}
    </p>
  ) : null;

  if (kind === 'boolean') {
    return (
      <div className="grid gap-1">
        <label className="flex items-center gap-2 text-sm font-medium">
          <input
            id={id}
            type="checkbox"
            className="size-4 accent-primary"
            checked={value === true}
            onChange={(e) => onChange(e.target.checked)}
            aria-describedby={describedBy}
          />
          {label}
        </label>
        {help}
      </div>
    );
  }

  let control: React.ReactNode;
  switch (kind) {
    case 'code':
      control = (
        <CodeEditor
          value={typeof value === 'string' ? value : ''}
          onChange={onChange}
          language={schema.language === 'json' ? 'json' : 'javascript'}
          typeDefinitions={typeDefinitions}
          ariaLabel={label}
          height={180}
        />
      );
      break;
    case 'textarea':
      control = (
        <Textarea
          id={id}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={Boolean(error)}
          aria-describedby={describedBy}
          rows={5}
        />
      );
      break;
    case 'enum':
      control = (
        <select
          id={id}
          value={String(value ?? '')}
          onChange={(e) => onChange(schema.enum!.find((option) => String(option) === e.target.value))}
          className="h-9 rounded-lg border border-border-strong bg-surface px-2 text-sm"
          aria-describedby={describedBy}
        >
          {schema.enum!.map((option) => (
            <option key={String(option)} value={String(option)}>
              {String(option)}
            </option>
          ))}
        </select>
      );
      break;
    case 'number':
      control = (
        <NumberInput
          id={id}
          value={typeof value === 'number' ? value : undefined}
          min={schema.minimum}
          max={schema.maximum}
          onChange={onChange}
          invalid={Boolean(error)}
          describedBy={describedBy}
        />
      );
      break;
    case 'string':
      control = (
        <Input
          id={id}
          value={typeof value === 'string' ? value : ''}
          maxLength={schema.maxLength}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={Boolean(error)}
          aria-describedby={describedBy}
        />
      );
      break;
    case 'list':
      control = (
        <ListField
          id={id}
          path={path}
          schema={schema.items!}
          value={Array.isArray(value) ? value : []}
          onChange={onChange}
          errors={errors}
        />
      );
      break;
    case 'json':
      control = <JsonField id={id} value={value} onChange={onChange} invalid={Boolean(error)} describedBy={describedBy} />;
      break;
  }
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      {control}
      {help}
    </div>
  );
}

/** Keeps what the user typed while it is not a number yet ("", "-", "1e"). */
function NumberInput({
  id,
  value,
  min,
  max,
  onChange,
  invalid,
  describedBy,
}: {
  id: string;
  value: number | undefined;
  min?: number;
  max?: number;
  onChange: (v: unknown) => void;
  invalid: boolean;
  describedBy: string;
}) {
  const [text, setText] = useState(value === undefined ? '' : String(value));
  return (
    <Input
      id={id}
      inputMode="decimal"
      value={text}
      min={min}
      max={max}
      onChange={(e) => {
        setText(e.target.value);
        const n = Number(e.target.value);
        if (e.target.value.trim() !== '' && Number.isFinite(n)) onChange(n);
      }}
      aria-invalid={invalid}
      aria-describedby={describedBy}
    />
  );
}

/** JSON typed as text; applied only once it parses, with the parse error shown until then. */
function JsonField({
  id,
  value,
  onChange,
  invalid,
  describedBy,
}: {
  id: string;
  value: unknown;
  onChange: (v: unknown) => void;
  invalid: boolean;
  describedBy: string;
}) {
  const [text, setText] = useState(() => JSON.stringify(value ?? null, null, 2));
  const [parseError, setParseError] = useState<string | null>(null);
  return (
    <>
      <Textarea
        id={id}
        value={text}
        spellCheck={false}
        className={cn('font-mono text-xs', parseError && 'border-danger')}
        rows={Math.min(12, Math.max(3, text.split('\n').length))}
        onChange={(e) => {
          setText(e.target.value);
          try {
            onChange(JSON.parse(e.target.value));
            setParseError(null);
          } catch (error) {
            setParseError(error instanceof Error ? error.message : 'Not valid JSON');
          }
        }}
        aria-invalid={invalid || parseError !== null}
        aria-describedby={describedBy}
      />
      {parseError ? (
        <p role="alert" className="text-xs text-danger">
          Not valid JSON yet: {parseError}
        </p>
      ) : null}
    </>
  );
}

function ListField({
  id,
  path,
  schema,
  value,
  onChange,
  errors,
}: {
  id: string;
  path: string;
  schema: TJsonSchema;
  value: unknown[];
  onChange: (v: unknown) => void;
  errors: Map<string, string>;
}) {
  const isObject = schema.type === 'object';
  const blank = () => {
    if (!isObject) return schema.type === 'number' ? 0 : '';
    return Object.fromEntries(
      Object.entries(schema.properties ?? {}).map(([k, s]) => [
        k,
        s.default ?? (s.type === 'boolean' ? false : s.type === 'number' || s.type === 'integer' ? 0 : s.enum ? s.enum[0] : ''),
      ]),
    );
  };
  return (
    <div className="grid gap-2" id={id}>
      {value.map((item, index) => (
        <div key={index} className="relative grid gap-2 rounded-lg border border-border p-2 pr-9">
          {isObject ? (
            Object.entries(schema.properties ?? {}).map(([name, field]) => (
              <SchemaField
                key={name}
                id={`${id}-${index}-${name}`}
                name={name}
                path={`${path}[${index}].${name}`}
                schema={field}
                value={(item as Record<string, unknown>)[name]}
                onChange={(next) => onChange(value.map((v, i) => (i === index ? { ...(v as object), [name]: next } : v)))}
                errors={errors}
              />
            ))
          ) : (
            <Input
              aria-label={`Item ${index + 1}`}
              value={String(item ?? '')}
              onChange={(e) =>
                onChange(value.map((v, i) => (i === index ? (schema.type === 'number' ? Number(e.target.value) : e.target.value) : v)))
              }
            />
          )}
          <Button
            variant="ghost"
            size="icon"
            className="absolute right-1 top-1"
            aria-label={`Remove item ${index + 1}`}
            onClick={() => onChange(value.filter((_, i) => i !== index))}
          >
            <Trash2 />
          </Button>
        </div>
      ))}
      <Button variant="secondary" size="sm" className="justify-self-start" onClick={() => onChange([...value, blank()])}>
        <Plus /> Add
      </Button>
    </div>
  );
}
