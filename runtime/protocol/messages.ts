/**
 * The exact texts a publisher signs (EIP-191 personal messages). Versioned: a change of meaning
 * is a new prefix (`v2`), never an edit of these, so an old signature can never be read as a
 * statement its signer did not make.
 */

import { keccak256, stringToBytes, type Hex } from 'viem';

export const BUNDLE_MESSAGE_PREFIX = 'poseidon-bundle:v1:';
export const NAME_MESSAGE_PREFIX = 'poseidon-name:v1:';
export const APP_SECRETS_MESSAGE_PREFIX = 'poseidon-app-secrets:v1:';
export const UNPUBLISH_MESSAGE_PREFIX = 'poseidon-unpublish:v1:';

/** "I publish the bundle whose directory CID is `cid`." */
export function bundleSigningMessage(cid: string): string {
  return `${BUNDLE_MESSAGE_PREFIX}${cid}`;
}

/** "Name `name` points at `cid`, revision `seq`." The owner is whoever signed it. */
export function nameSigningMessage(name: string, cid: string, seq: number): string {
  return `${NAME_MESSAGE_PREFIX}${name}:${cid}:${seq}`;
}

/** The digest of a whole set of secrets (names and values, in name order): what the owner signs. */
export function appSecretsDigest(secrets: Readonly<Record<string, string>>): Hex {
  const entries = Object.entries(secrets).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return keccak256(stringToBytes(JSON.stringify(entries)));
}

/** "The secrets of app `name` are exactly the set with this digest, as of `issuedAt` (ms since 1970)." */
export function appSecretsSigningMessage(name: string, issuedAt: number, digest: Hex): string {
  return `${APP_SECRETS_MESSAGE_PREFIX}${name}:${issuedAt}:${digest}`;
}

/** "Take my app `name` off the node: its name, its secrets and (after a grace period) its data." */
export function unpublishSigningMessage(name: string, issuedAt: number): string {
  return `${UNPUBLISH_MESSAGE_PREFIX}${name}:${issuedAt}`;
}
