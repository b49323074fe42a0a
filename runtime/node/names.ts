/**
 * Name records: `name -> cid`, signed by the name's owner. The first valid record a node sees
 * for a name claims it for its signer; afterwards only that owner may move it, each time with a
 * higher `seq`. Every accepted record is kept (history), so a rollback is simply a new record
 * pointing at an older CID with the next `seq`.
 *
 * Ownership is first-come per node: two nodes that see competing first claims at the same moment
 * can disagree until one owner re-signs. An on-chain registry is the cure when that matters.
 */
import { ZNameRecord, type TNameRecord } from '@/runtime/protocol/schemas';
import { verifyNameRecord } from '@/runtime/protocol/signing';
import { DaiosError, describeZodError } from './errors';
import { KeyedQueue } from './queue';
import type { RecordStore, TNameRemoval } from './records';

export interface TNameChange {
  record: TNameRecord;
  previous: TNameRecord | undefined;
  /** False when the exact same record was already current (a retry or a duplicate announcement). */
  changed: boolean;
}

export function parseNameRecord(input: unknown): TNameRecord {
  const parsed = ZNameRecord.safeParse(input);
  if (!parsed.success) throw new DaiosError('invalid_request', `invalid name record: ${describeZodError(parsed.error)}`);
  return parsed.data;
}

/**
 * The checks that need no bundle: signature, ownership, sequence. Returns false when `record` is
 * exactly the current one (nothing to do).
 */
export async function checkNameRecord(record: TNameRecord, current: TNameRecord | undefined): Promise<boolean> {
  if (!(await verifyNameRecord(record))) throw new DaiosError('bad_name_signature', "signature is not the owner's");
  if (!current) return true;
  if (current.owner !== record.owner) throw new DaiosError('name_owned', `name ${record.name} is owned by ${current.owner}`);
  if (record.seq === current.seq && record.cid === current.cid && record.signature === current.signature) return false;
  if (record.seq <= current.seq) throw new DaiosError('stale_seq', `stale sequence number: current is ${current.seq}`);
  return true;
}

export class NameRegistry {
  private readonly queue = new KeyedQueue();

  constructor(
    private readonly records: RecordStore,
    private readonly hasBundle: (cid: string) => boolean,
  ) {}

  resolve(name: string): TNameRecord | undefined {
    return this.records.names.get(name);
  }

  history(name: string): Promise<TNameRecord[]> {
    return this.records.history(name);
  }

  all(): IterableIterator<TNameRecord> {
    return this.records.names.values();
  }

  get count(): number {
    return this.records.names.size;
  }

  /**
   * Verifies and stores a record. `beforeStore` runs after the cheap checks and before the bundle
   * check (a peer's record fetches its bundle there). One record per name at a time.
   */
  set(record: TNameRecord, beforeStore?: (record: TNameRecord) => Promise<void>): Promise<TNameChange> {
    return this.queue.run(record.name, async () => {
      const previous = this.records.names.get(record.name);
      const removal = previous ? undefined : this.records.removals.get(record.name);
      if (!(await checkNameRecord(record, previous))) return { record, previous, changed: false };
      if (removal) checkAgainstRemoval(record, removal);
      if (beforeStore) await beforeStore(record);
      if (!this.hasBundle(record.cid)) throw new DaiosError('bundle_not_found', `bundle ${record.cid} is not stored on this node`);
      await this.records.putName(record);
      if (removal) await this.records.deleteRemoval(record.name);
      return { record, previous, changed: true };
    });
  }

  /** Takes a name offline (its owner asked: checked by the caller). */
  remove(removal: TNameRemoval): Promise<void> {
    return this.queue.run(removal.name, () => this.records.removeName(removal));
  }

  removals(): IterableIterator<TNameRemoval> {
    return this.records.removals.values();
  }

  /** The app's data is gone: the name is free for anyone now (its old records stay refused). */
  markPurged(name: string): Promise<void> {
    return this.queue.run(name, async () => {
      const removal = this.records.removals.get(name);
      if (removal && !removal.purged) await this.records.putRemoval({ ...removal, purged: true });
    });
  }
}

/**
 * What a name taken offline still holds against new records: its owner's old ones (played again,
 * or from a peer that has not heard) are stale; another owner waits until the app's data is gone.
 */
function checkAgainstRemoval(record: TNameRecord, removal: TNameRemoval): void {
  if (record.owner === removal.owner) {
    if (record.seq <= removal.seq) throw new DaiosError('stale_seq', `name ${record.name} was taken offline at seq ${removal.seq}`);
  } else if (!removal.purged) {
    throw new DaiosError(
      'name_owned',
      `name ${record.name} was taken offline by its owner and stays reserved until ${removal.storageRemovedAt}`,
    );
  }
}
