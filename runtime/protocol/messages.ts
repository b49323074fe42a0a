/**
 * The exact texts a publisher signs (EIP-191 personal messages). Versioned: a change of meaning
 * is a new prefix (`v2`), never an edit of these, so an old signature can never be read as a
 * statement its signer did not make.
 */

export const BUNDLE_MESSAGE_PREFIX = 'poseidon-bundle:v1:';
export const NAME_MESSAGE_PREFIX = 'poseidon-name:v1:';

/** "I publish the bundle whose directory CID is `cid`." */
export function bundleSigningMessage(cid: string): string {
  return `${BUNDLE_MESSAGE_PREFIX}${cid}`;
}

/** "Name `name` points at `cid`, revision `seq`." The owner is whoever signed it. */
export function nameSigningMessage(name: string, cid: string, seq: number): string {
  return `${NAME_MESSAGE_PREFIX}${name}:${cid}:${seq}`;
}
