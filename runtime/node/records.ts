/**
 * What a node remembers besides blocks, in its datastore (on disk, so it survives restarts):
 *
 *   /daios/bundles/<cid>                  one TBundleRecord per stored (pinned) bundle
 *   /daios/names/<name>                   the current TNameRecord of a name
 *   /daios/name-history/<name>/<seq>      every record a name has had (seq zero-padded), oldest first
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

const BUNDLES = '/daios/bundles';
const NAMES = '/daios/names';
const HISTORY = '/daios/name-history';
const SEQ_DIGITS = 16;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class RecordStore {
  readonly bundles = new Map<string, TBundleRecord>();
  readonly names = new Map<string, TNameRecord>();

  constructor(
    private readonly datastore: Datastore,
    private readonly log: TLogger,
  ) {}

  async load(): Promise<void> {
    this.bundles.clear();
    this.names.clear();
    for await (const { key, value } of this.datastore.query({ prefix: BUNDLES })) {
      const record = this.decode(ZBundleRecord, key, value);
      if (record) this.bundles.set(record.cid, record);
    }
    for await (const { key, value } of this.datastore.query({ prefix: NAMES })) {
      const record = this.decode(ZNameRecord, key, value);
      if (record) this.names.set(record.name, record);
    }
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
