/**
 * How name records travel between nodes.
 *
 * - Gossip: a node that accepts a new record publishes a TNameAnnouncement on `daios/names/v1`.
 *   Receivers check it cheaply in the topic validator (schema, both signatures, ownership and
 *   sequence against what they hold) so forged records are rejected and never forwarded, then
 *   fetch and verify the bundle and store the record (`onAnnouncement`).
 * - Catch-up: gossip only reaches nodes online at that moment, so when two nodes connect each
 *   asks the other for its current records over `/daios/names-sync/1.0.0` and treats every
 *   entry exactly like a gossiped one. Gossip also misses a record set just as two nodes
 *   connect (after one's catch-up, before the other knows it listens), so every `catchUpMs` a
 *   node also catches up from one of its peers, in turn. The answer is one frame: a 4-byte big-endian length, then
 *   a JSON array of announcements. Framed rather than read to end-of-stream: a libp2p 3 stream
 *   can drop data that arrives together with the remote's close before anyone listens.
 * - Bounds: each peer (the signer of a gossiped message, the answering peer of a catch-up) may
 *   bring new records at `perPeerPerSecond` with bursts of `perPeerBurst`; past that its
 *   announcements are ignored (not stored, not forwarded) until its bucket refills, so a peer
 *   minting names cannot make this node fetch and store bundle after bundle. At most
 *   `fetchesPerPeer` of one peer's announcements, and `fetches` in all, are being handled
 *   (fetching their bundles) at once; more are dropped, so the work waiting here stays bounded.
 */
import { TopicValidatorResult, type Message } from '@libp2p/gossipsub';
import type { Connection, PeerId, Stream } from '@libp2p/interface';
import { joinBytes } from '@/runtime/protocol/bytes';
import { NAMES_TOPIC, ZNameAnnouncement, type TNameAnnouncement } from '@/runtime/protocol/schemas';
import { verifyBundleSignature } from '@/runtime/protocol/signing';
import { LruCache } from '@/runtime/apps/lru';
import { TokenBucket } from '@/runtime/apps/limits';
import { isDaiosError } from './errors';
import type { TLogger } from './logger';
import { checkNameRecord } from './names';
import type { TDaiosHelia } from './p2p';

export const NAMES_SYNC_PROTOCOL = '/daios/names-sync/1.0.0';
/** A catch-up answer larger than this is cut off (about 20,000 names). */
const MAX_SYNC_BYTES = 16 * 1024 * 1024;
const SYNC_TIMEOUT_MS = 30_000;

export type TAnnouncementSource = 'gossip' | 'sync';

export interface TGossipHandlers {
  /** Current record of a name on this node, to judge an announcement before fetching anything. */
  current(name: string): TNameAnnouncement['record'] | undefined;
  /** Store a checked announcement (fetching its bundle first when needed). */
  onAnnouncement(announcement: TNameAnnouncement, from: PeerId, source: TAnnouncementSource): Promise<void>;
  /** Every current record with its bundle signature: the catch-up answer. */
  snapshot(): TNameAnnouncement[];
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export interface TGossipOptions {
  /** How often to catch up from one peer (in turn). */
  catchUpMs: number;
  /** New name records one peer may bring per second (sustained). */
  perPeerPerSecond: number;
  /** ... and at once after being quiet (a catch-up brings a peer's whole list: keep it large). */
  perPeerBurst: number;
  /** Announcements of one peer handled (bundles fetched) at once. */
  fetchesPerPeer: number;
  /** Announcements handled at once, all peers together. */
  fetches: number;
}

/** Peers whose rate is remembered (least recently heard forgotten first). */
const PEER_TABLE_SIZE = 4096;

interface TPeerBudget {
  bucket: TokenBucket;
  inFlight: number;
  /** Whether the peer's last new record was refused (its cut-off is logged once, not per record). */
  cutOff: boolean;
}

export class NameGossip {
  private started = false;
  private catchUpTimer: ReturnType<typeof setInterval> | undefined;
  /** Catch-ups made by the timer, to take the peers in turn. */
  private catchUps = 0;
  private readonly budgets = new LruCache<string, TPeerBudget>(PEER_TABLE_SIZE, PEER_TABLE_SIZE);
  /** Announcements being handled, all peers together. */
  private inFlight = 0;

  constructor(
    private readonly helia: TDaiosHelia,
    private readonly handlers: TGossipHandlers,
    private readonly log: TLogger,
    private readonly options: TGossipOptions,
  ) {}

  async start(): Promise<void> {
    const { libp2p } = this.helia;
    const pubsub = libp2p.services.pubsub;
    pubsub.topicValidators.set(NAMES_TOPIC, this.validate);
    pubsub.addEventListener('message', this.onMessage);
    pubsub.subscribe(NAMES_TOPIC);
    await libp2p.handle(NAMES_SYNC_PROTOCOL, this.answerSync, { maxInboundStreams: 4 });
    libp2p.addEventListener('peer:identify', this.onIdentify);
    this.catchUpTimer = setInterval(() => void this.catchUpFromOne(), this.options.catchUpMs).unref();
    this.started = true;
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    clearInterval(this.catchUpTimer);
    const { libp2p } = this.helia;
    libp2p.removeEventListener('peer:identify', this.onIdentify);
    const pubsub = libp2p.services.pubsub;
    pubsub.removeEventListener('message', this.onMessage);
    pubsub.topicValidators.delete(NAMES_TOPIC);
    pubsub.unsubscribe(NAMES_TOPIC);
    await libp2p.unhandle(NAMES_SYNC_PROTOCOL);
  }

  async announce(announcement: TNameAnnouncement): Promise<void> {
    const result = await this.helia.libp2p.services.pubsub.publish(NAMES_TOPIC, encoder.encode(JSON.stringify(announcement)));
    this.log.info(
      `announced ${announcement.record.name} -> ${announcement.record.cid} (seq ${announcement.record.seq}) to ${result.recipients.length} peer(s)`,
    );
  }

  /** Asks one connected peer for its current records. Resolves when they were all handled. */
  async syncFrom(peer: PeerId): Promise<number> {
    const signal = AbortSignal.timeout(SYNC_TIMEOUT_MS);
    const stream = await this.helia.libp2p.dialProtocol(peer, NAMES_SYNC_PROTOCOL, { signal });
    let body: Uint8Array;
    try {
      body = await readFrame(stream, MAX_SYNC_BYTES, signal);
      await stream.close({ signal });
    } catch (error) {
      stream.abort(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
    const entries: unknown = JSON.parse(decoder.decode(body));
    if (!Array.isArray(entries)) throw new Error('catch-up answer is not a list');
    let accepted = 0;
    for (const entry of entries) {
      const parsed = ZNameAnnouncement.safeParse(entry);
      if (!parsed.success) continue;
      if ((await this.judge(parsed.data)) !== TopicValidatorResult.Accept) continue;
      // Past its budget the rest of the peer's list is left for a later catch-up.
      if (!this.spend(peer)) break;
      try {
        await this.handlers.onAnnouncement(parsed.data, peer, 'sync');
        accepted++;
      } catch (error) {
        this.logRefusal(parsed.data, error);
      }
    }
    return accepted;
  }

  /**
   * Cheap checks only (no bundle fetch): decides whether the message is delivered and forwarded.
   * A new record also spends one of its signer's tokens: past its budget it is ignored.
   */
  private readonly validate = async (peer: PeerId, message: Message): Promise<TopicValidatorResult> => {
    const announcement = parseAnnouncement(message.data);
    if (!announcement) return TopicValidatorResult.Reject;
    const verdict = await this.judge(announcement);
    if (verdict !== TopicValidatorResult.Accept) return verdict;
    return this.spend(message.type === 'signed' ? message.from : peer) ? verdict : TopicValidatorResult.Ignore;
  };

  private budget(peer: PeerId): TPeerBudget {
    const key = peer.toString();
    let budget = this.budgets.get(key);
    if (!budget) {
      budget = {
        bucket: new TokenBucket(this.options.perPeerPerSecond, this.options.perPeerBurst, () => performance.now()),
        inFlight: 0,
        cutOff: false,
      };
      this.budgets.set(key, budget, 1);
    }
    return budget;
  }

  /** Takes one of the peer's tokens for a new record; false (logged once per cut-off) when it has none. */
  private spend(peer: PeerId): boolean {
    const budget = this.budget(peer);
    if (budget.bucket.take().ok) {
      budget.cutOff = false;
      return true;
    }
    if (!budget.cutOff) {
      budget.cutOff = true;
      this.log.warn(
        `cut off name announcements from ${peer.toString()}: more than ${this.options.perPeerBurst} new records at once (${this.options.perPeerPerSecond} a second sustained); ignoring its new records until then`,
      );
    }
    return false;
  }

  private async judge(announcement: TNameAnnouncement): Promise<TopicValidatorResult> {
    if (!(await verifyBundleSignature(announcement.bundle))) return TopicValidatorResult.Reject;
    try {
      const news = await checkNameRecord(announcement.record, this.handlers.current(announcement.record.name));
      return news ? TopicValidatorResult.Accept : TopicValidatorResult.Ignore;
    } catch (error) {
      // A forged record is an offence; a stale or competing one is ordinary network life.
      if (isDaiosError(error) && error.code === 'bad_name_signature') return TopicValidatorResult.Reject;
      return TopicValidatorResult.Ignore;
    }
  }

  private readonly onMessage = (event: CustomEvent<Message>): void => {
    const message = event.detail;
    if (message.topic !== NAMES_TOPIC || message.type !== 'signed') return;
    const announcement = parseAnnouncement(message.data);
    if (!announcement) return;
    const budget = this.budget(message.from);
    if (budget.inFlight >= this.options.fetchesPerPeer || this.inFlight >= this.options.fetches) {
      const which =
        budget.inFlight >= this.options.fetchesPerPeer ? `${this.options.fetchesPerPeer} of this peer's` : `${this.options.fetches}`;
      this.log.warn(
        `dropped ${announcement.record.name} (seq ${announcement.record.seq}) from ${message.from.toString()}: ${which} announcements are being handled already (a later catch-up brings it)`,
      );
      return;
    }
    budget.inFlight += 1;
    this.inFlight += 1;
    this.handlers
      .onAnnouncement(announcement, message.from, 'gossip')
      .catch((error: unknown) => this.logRefusal(announcement, error))
      .finally(() => {
        budget.inFlight -= 1;
        this.inFlight -= 1;
      });
  };

  private readonly answerSync = async (stream: Stream): Promise<void> => {
    try {
      const signal = AbortSignal.timeout(SYNC_TIMEOUT_MS);
      const body = encoder.encode(JSON.stringify(this.handlers.snapshot()));
      const frame = new Uint8Array(4 + body.byteLength);
      new DataView(frame.buffer).setUint32(0, body.byteLength);
      frame.set(body, 4);
      if (!stream.send(frame)) await stream.onDrain({ signal });
      await stream.close({ signal });
    } catch (error) {
      stream.abort(error instanceof Error ? error : new Error(String(error)));
    }
  };

  private readonly onIdentify = (event: CustomEvent<{ peerId: PeerId; protocols: string[]; connection: Connection }>): void => {
    const { peerId, protocols } = event.detail;
    if (!this.started || !protocols.includes(NAMES_SYNC_PROTOCOL)) return;
    void this.catchUp(peerId);
  };

  /** The timer's catch-up: from the next connected peer that answers the catch-up protocol. */
  private async catchUpFromOne(): Promise<void> {
    const { libp2p } = this.helia;
    const peers: PeerId[] = [];
    for (const peer of libp2p.getPeers()) {
      try {
        if ((await libp2p.peerStore.get(peer)).protocols.includes(NAMES_SYNC_PROTOCOL)) peers.push(peer);
      } catch {
        // Not (or no longer) in the peer store.
      }
    }
    if (!this.started || peers.length === 0) return;
    await this.catchUp(peers[this.catchUps++ % peers.length]!);
  }

  /** Catches up from one peer; failures are logged, never thrown. */
  private async catchUp(peer: PeerId): Promise<void> {
    try {
      const accepted = await this.syncFrom(peer);
      if (accepted > 0) this.log.info(`caught up ${accepted} name record(s) from ${peer.toString()}`);
    } catch (error) {
      if (this.started) this.log.warn(`catch-up from ${peer.toString()} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private logRefusal(announcement: TNameAnnouncement, error: unknown): void {
    const reason = isDaiosError(error) ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error);
    this.log.warn(
      `refused ${announcement.record.name} -> ${announcement.record.cid} (seq ${announcement.record.seq}) from a peer: ${reason}`,
    );
  }
}

function parseAnnouncement(data: Uint8Array): TNameAnnouncement | undefined {
  try {
    const parsed = ZNameAnnouncement.safeParse(JSON.parse(decoder.decode(data)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Reads one frame (4-byte big-endian length, then that many bytes) from a stream's messages. */
function readFrame(stream: Stream, maxBytes: number, signal: AbortSignal): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const parts: Uint8Array[] = [];
    let received = 0;
    let expected: number | undefined;
    const finish = (error?: Error) => {
      stream.removeEventListener('message', onMessage);
      stream.removeEventListener('close', onClose);
      signal.removeEventListener('abort', onAbort);
      if (error) return reject(error);
      const all = joinBytes(parts, received);
      resolve(all.subarray(4, 4 + expected!));
    };
    const onMessage = (event: { data: Uint8Array | { subarray(): Uint8Array } }) => {
      const bytes = event.data instanceof Uint8Array ? event.data : event.data.subarray();
      parts.push(bytes);
      received += bytes.byteLength;
      if (expected === undefined && received >= 4) {
        const head = joinBytes(parts, received);
        expected = new DataView(head.buffer, head.byteOffset, head.byteLength).getUint32(0);
        if (expected > maxBytes) return finish(new Error(`catch-up answer is larger than ${maxBytes} bytes`));
      }
      if (expected !== undefined && received >= 4 + expected) finish();
    };
    const onClose = () => finish(new Error('the peer closed the stream before its answer was complete'));
    const onAbort = () => finish(new Error('catch-up timed out'));
    stream.addEventListener('message', onMessage);
    stream.addEventListener('close', onClose);
    signal.addEventListener('abort', onAbort);
  });
}
