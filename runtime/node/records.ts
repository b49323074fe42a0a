/**
 * What a node remembers besides blocks, in its datastore (on disk, so it survives restarts):
 *
 *   /daios/bundles/<cid>                  one TBundleRecord per stored (pinned) bundle
 *   /daios/names/<name>                   the current TNameRecord of a name
 *   /daios/name-history/<name>/<seq>      every record a name has had (seq zero-padded), oldest first
 *   /daios/name-removed/<name>            a name its owner took offline (TNameRemoval)
 *
 * Everything is also held in memory (records are small), so resolving a name on every gateway
 * request costs a Map lookup. Entries that no longer parse are skipped with a warning, not fatal.
 */
import { Key, type Datastore } from 'interface-datastore';
import { z } from 'zod';
import { ZAppName } from '@/blocks/core/bundle';
import { ZAddress, ZCidString, ZNameRecord, ZSignature, type TNameRecord } from '@/runtime/protocol/schemas';
import type { TLogger } from './logger';

export const ZBundleRecord = z.object({
  cid: ZCidString,
  publisher: ZAddress,
  signature: ZSignature,
  app: z.object({ name: ZAppName, title: z.string() }),
  files: z.number().int().min(1),
  bytes: z.number().int().min(0),
  storedAt: z.string(),
  /** `publish`: sent to this node's control API; `peer`: fetched after a peer announced it. */
  source: z.enum(['publish', 'peer']),
});
export type TBundleRecord = z.infer<typeof ZBundleRecord>;

/**
 * A name its owner took offline. Until `storageRemovedAt` the app's data is kept and the name stays
 * reserved for that owner (who may deploy it again, with a higher seq than `seq`, and keep the
 * data); then the data is deleted (`purged`) and anyone may claim the name.
 */
export const ZNameRemoval = z.object({
  name: ZAppName,
  owner: ZAddress,
  seq: z.number().int().min(1),
  removedAt: z.string(),
  storageRemovedAt: z.string(),
  purged: z.boolean(),
});
export type TNameRemoval = z.infer<typeof ZNameRemoval>;

const BUNDLES = '/daios/bundles';
const NAMES = '/daios/names';
const HISTORY = '/daios/name-history';
const REMOVED = '/daios/name-removed';
const SEQ_DIGITS = 16;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class RecordStore {
  readonly bundles = new Map<string, TBundleRecord>();
  readonly names = new Map<string, TNameRecord>();
  readonly removals = new Map<string, TNameRemoval>();

  constructor(
    private readonly datastore: Datastore,
    private readonly log: TLogger,
  ) {}

  async load(): Promise<void> {
    this.bundles.clear();
    this.names.clear();
    this.removals.clear();
    for await (const { key, value } of this.datastore.query({ prefix: BUNDLES })) {
      const record = this.decode(ZBundleRecord, key, value);
      if (record) this.bundles.set(record.cid, record);
    }
    for await (const { key, value } of this.datastore.query({ prefix: NAMES })) {
      const record = this.decode(ZNameRecord, key, value);
      if (record) this.names.set(record.name, record);
    }
    for await (const { key, value } of this.datastore.query({ prefix: REMOVED })) {
      const removal = this.decode(ZNameRemoval, key, value);
      if (removal) this.removals.set(removal.name, removal);
    }
  }

  /** The removal first, then the current record and history: a crash in between leaves a name that is still live. */
  async removeName(removal: TNameRemoval): Promise<void> {
    await this.putRemoval(removal);
    await this.datastore.delete(new Key(`${NAMES}/${removal.name}`));
    this.names.delete(removal.name);
    const history: Key[] = [];
    for await (const key of this.datastore.queryKeys({ prefix: `${HISTORY}/${removal.name}/` })) history.push(key);
    for (const key of history) await this.datastore.delete(key);
  }

  async putRemoval(removal: TNameRemoval): Promise<void> {
    await this.datastore.put(new Key(`${REMOVED}/${removal.name}`), encoder.encode(JSON.stringify(removal)));
    this.removals.set(removal.name, removal);
  }

  async deleteRemoval(name: string): Promise<void> {
    await this.datastore.delete(new Key(`${REMOVED}/${name}`));
    this.removals.delete(name);
  }

  async putBundle(record: TBundleRecord): Promise<void> {
    await this.datastore.put(new Key(`${BUNDLES}/${record.cid}`), encoder.encode(JSON.stringify(record)));
    this.bundles.set(record.cid, record);
  }

  async deleteBundle(cid: string): Promise<void> {
    await this.datastore.delete(new Key(`${BUNDLES}/${cid}`));
    this.bundles.delete(cid);
  }

  /** History first, then current: a crash in between leaves the old current record, never a gap. */
  async putName(record: TNameRecord): Promise<void> {
    await this.datastore.put(historyKey(record.name, record.seq), encoder.encode(JSON.stringify(record)));
    await this.datastore.put(new Key(`${NAMES}/${record.name}`), encoder.encode(JSON.stringify(record)));
    this.names.set(record.name, record);
  }

  /** Every record the name has had, oldest first. */
  async history(name: string): Promise<TNameRecord[]> {
    const records: TNameRecord[] = [];
    for await (const { key, value } of this.datastore.query({ prefix: `${HISTORY}/${name}` })) {
      const record = this.decode(ZNameRecord, key, value);
      if (record && record.name === name) records.push(record);
    }
    return records.sort((a, b) => a.seq - b.seq);
  }

  private decode<T>(schema: z.ZodType<T>, key: Key, value: Uint8Array): T | undefined {
    try {
      const parsed = schema.safeParse(JSON.parse(decoder.decode(value)));
      if (parsed.success) return parsed.data;
    } catch {
      // fall through to the warning
    }
    this.log.warn(`skipping unreadable record ${key.toString()}`);
    return undefined;
  }
}

function historyKey(name: string, seq: number): Key {
  return new Key(`${HISTORY}/${name}/${String(seq).padStart(SEQ_DIGITS, '0')}`);
}
