'use client';

import { useState } from 'react';
import type { TDiagnostic } from '@/blocks/core/diagnostics';
import type { TJson } from '@/blocks/core/executor';
import type { TFormField } from '@/blocks/form/form.block';
import { validateFormSubmission } from '@/blocks/form/validate';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogFooter, DialogHeader } from '@/components/ui/dialog';
import { Field, Input, Textarea } from '@/components/ui/input';

export interface TTestInputRequest {
  triggerId: string;
  title: string;
  blockType: string;
  config: Record<string, unknown>;
}

/**
 * What a test run starts with when the trigger needs input from a person: a form trigger shows
 * its own fields (as a visitor would fill them); other triggers take JSON.
 */
export function TestInputDialog({
  request,
  onClose,
  onRun,
}: {
  request: TTestInputRequest | null;
  onClose: () => void;
  onRun: (triggerId: string, payload: TJson) => void;
}) {
  return (
    <Dialog open={request !== null} onOpenChange={(open) => !open && onClose()}>
      <DialogContent>
        {request ? (
          <>
            <DialogHeader
              title={`Test input for ${request.title}`}
              description="The run starts as if this had been sent from your app's page."
            />
            {request.blockType === 'form' ? (
              <FormInput request={request} onRun={onRun} onClose={onClose} />
            ) : (
              <JsonInput request={request} onRun={onRun} onClose={onClose} />
            )}
          </>
        ) : null}
      </DialogContent>
    </Dialog>
  );
}

function FormInput({
  request,
  onRun,
  onClose,
}: {
  request: TTestInputRequest;
  onRun: (id: string, payload: TJson) => void;
  onClose: () => void;
}) {
  const fields = (request.config.fields as TFormField[] | undefined) ?? [];
  const [problems, setProblems] = useState<TDiagnostic[]>([]);
  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const values = Object.fromEntries(
      fields.map((f) => [f.name, f.type === 'checkbox' ? data.get(f.name) === 'on' : String(data.get(f.name) ?? '')]),
    );
    const found = validateFormSubmission(fields, values);
    setProblems(found);
    if (found.length === 0) onRun(request.triggerId, values as TJson);
  }
  return (
    <form onSubmit={submit} className="grid gap-3" noValidate>
      {fields.map((f) => {
        const problem = problems.find((p) => p.path === f.name || p.message.includes(`"${f.name}"`));
        const id = `test-${f.name}`;
        return (
          <Field key={f.name} id={id} label={f.label || f.name} error={problem?.message}>
            {f.type === 'textarea' ? (
              <Textarea id={id} name={f.name} rows={3} />
            ) : f.type === 'checkbox' ? (
              <input id={id} name={f.name} type="checkbox" className="size-4 accent-primary" />
            ) : (
              <Input id={id} name={f.name} type={f.type === 'number' ? 'number' : f.type === 'email' ? 'email' : 'text'} />
            )}
          </Field>
        );
      })}
      {problems.length > 0 && !fields.some((f) => problems.some((p) => p.path === f.name)) ? (
        <p role="alert" className="text-sm text-danger">
          {problems[0]?.message}
        </p>
      ) : null}
      <DialogFooter>
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit">Run with these values</Button>
      </DialogFooter>
    </form>
  );
}

function JsonInput({
  request,
  onRun,
  onClose,
}: {
  request: TTestInputRequest;
  onRun: (id: string, payload: TJson) => void;
  onClose: () => void;
}) {
  const [text, setText] = useState(() => JSON.stringify(request.config.sample ?? request.config.payload ?? {}, null, 2));
  const [error, setError] = useState<string>();
  return (
    <form
      className="grid gap-3"
      onSubmit={(event) => {
        event.preventDefault();
        try {
          onRun(request.triggerId, JSON.parse(text) as TJson);
        } catch (e) {
          setError(`Not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
        }
      }}
    >
      <Field id="test-json" label="Input (JSON)" error={error}>
        <Textarea
          id="test-json"
          className="font-mono text-xs"
          rows={8}
          value={text}
          onChange={(e) => setText(e.target.value)}
          spellCheck={false}
        />
      </Field>
      <DialogFooter>
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit">Run</Button>
      </DialogFooter>
    </form>
  );
}
