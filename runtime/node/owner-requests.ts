/**
 * Requests only a name's owner may make (its app's secrets, taking it offline), checked the same
 * way each time: the signature is the claimed owner's, that owner holds the name's current record
 * on this node, and the request is fresh (signed at most OWNER_REQUEST_MAX_AGE_MS ago or ahead, and
 * later than the last one this node accepted of that kind for that name), so a request seen on the
 * way cannot be played again to put old values back.
 */
import type { TNameRecord, TOwnerRequest } from '@/runtime/protocol/schemas';
import { DaiosError } from './errors';

export const OWNER_REQUEST_MAX_AGE_MS = 5 * 60_000;

export class OwnerRequestGuard {
  /** The newest accepted `issuedAt` per kind and name (in memory: the age limit covers restarts). */
  private readonly accepted = new Map<string, number>();

  constructor(
    private readonly kind: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Throws the DaiosError that says why the request is refused; records it when accepted. */
  async check<T extends TOwnerRequest>(
    request: T,
    verify: (request: T) => Promise<boolean>,
    current: TNameRecord | undefined,
  ): Promise<void> {
    if (!(await verify(request))) throw new DaiosError('bad_owner_signature', `the ${this.kind} request is not signed by ${request.owner}`);
    if (!current) throw new DaiosError('name_not_found', `no name ${request.name} on this node`);
    if (current.owner !== request.owner) throw new DaiosError('name_owned', `name ${request.name} is owned by ${current.owner}`);
    const age = this.now() - request.issuedAt;
    if (Math.abs(age) > OWNER_REQUEST_MAX_AGE_MS) {
      throw new DaiosError(
        'stale_request',
        `the ${this.kind} request was signed ${Math.round(age / 1000)} s from this node's time; sign it again`,
      );
    }
    const last = this.accepted.get(request.name);
    if (last !== undefined && request.issuedAt <= last) {
      throw new DaiosError('stale_request', `a newer ${this.kind} request for ${request.name} was already accepted; sign it again`);
    }
    this.accepted.set(request.name, request.issuedAt);
    // Bounded: entries older than the age limit can no longer match a fresh request.
    if (this.accepted.size > 10_000) {
      for (const [name, at] of this.accepted) if (this.now() - at > OWNER_REQUEST_MAX_AGE_MS) this.accepted.delete(name);
    }
  }
}
