import { BlockError, type TBlockExecutor, type TCollection, type TDocument, type TJson } from '@/blocks/core/executor';
import { fillJsonTemplate, TemplateError } from '@/blocks/core/template';
import type { collectionBlock } from './collection.block';

type TRecord = { [key: string]: TJson };

/**
 * Runs one operation on a collection (`ctx.storage.collection(name)`). Records come out flat,
 * `{ id, createdAt, ...fields }`, so a table shows them as they were stored; a stored field named
 * `id` or `createdAt` is shadowed by the record's own.
 * Update and delete act on the record whose id the input gives, or else on the records matching
 * Where (at most Limit); with neither they refuse rather than touch every record.
 */
export const executeCollection: TBlockExecutor<typeof collectionBlock> = async ({ inputs, config, ctx }) => {
  if (!ctx.storage) throw new BlockError('This block needs the storage capability.', { code: 'missing_capability' });
  const collection = ctx.storage.collection(config.name);
  const input = inputs.in as TJson | undefined;
  const where = fillWhere(config.where, input);

  switch (config.operation) {
    case 'insert': {
      if (!isRecord(input))
        throw new BlockError(`Insert needs a record (an object) at the Document input, not ${describe(input)}.`, { port: 'in' });
      return { out: flatten(await collection.insert(input)) };
    }
    case 'find': {
      const found = await collection.find({
        where,
        limit: config.limit,
        ...(config.sortField.trim() ? { sort: { field: config.sortField.trim(), direction: config.sortDirection } } : {}),
      });
      return { out: found.map(flatten) };
    }
    case 'update': {
      if (!isRecord(input))
        throw new BlockError(`Update needs the changes (an object) at the Document input, not ${describe(input)}.`, { port: 'in' });
      const patch = withoutReserved(input);
      if (Object.keys(patch).length === 0)
        throw new BlockError('Update has nothing to change: the input holds no fields besides "id".', { port: 'in' });
      const ids = await targetIds('Update', collection, idFrom(input), where, config.limit);
      const documents: TRecord[] = [];
      for (const id of ids) {
        const updated = await collection.update(id, patch);
        if (updated) documents.push(flatten(updated));
      }
      return { out: { updated: documents.length, documents } };
    }
    case 'delete': {
      const ids = await targetIds('Delete', collection, idFrom(input), where, config.limit);
      const deleted: string[] = [];
      for (const id of ids) if (await collection.delete(id)) deleted.push(id);
      return { out: { deleted: deleted.length, ids: deleted } };
    }
  }
};

function fillWhere(where: { [field: string]: TJson }, input: TJson | undefined): TRecord {
  try {
    return fillJsonTemplate(where, { input }) as TRecord;
  } catch (error) {
    if (error instanceof TemplateError) throw new BlockError(error.message, { field: 'where' });
    throw error;
  }
}

async function targetIds(
  action: string,
  collection: TCollection,
  id: string | undefined,
  where: TRecord,
  limit: number,
): Promise<string[]> {
  if (id !== undefined) return [id];
  if (Object.keys(where).length > 0) return (await collection.find({ where, limit })).map((d) => d.id);
  throw new BlockError(`${action} needs a record id at the Document input (or { "id": ... }), or a Where filter.`, { port: 'in' });
}

/** The id the input names: a string or number, or an object's `id`. */
function idFrom(input: TJson | undefined): string | undefined {
  const raw = isRecord(input) ? input.id : input;
  if (typeof raw === 'string' && raw !== '') return raw;
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  return undefined;
}

function flatten(document: TDocument): TRecord {
  return { id: document.id, createdAt: document.createdAt, ...withoutReserved(document.data) };
}

/** A record's fields without `id` and `createdAt`, which belong to the stored document. */
function withoutReserved(record: TRecord): TRecord {
  return Object.fromEntries(Object.entries(record).filter(([key]) => key !== 'id' && key !== 'createdAt'));
}

function isRecord(value: unknown): value is TRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'string' ? 'text' : `a ${typeof value}`;
}
