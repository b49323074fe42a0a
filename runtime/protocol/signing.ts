/**
 * Signing and checking bundles and name records with EVM keys (EIP-191 personal messages), so
 * a publisher's identity is the same address that owns contracts and earns rewards. Works with
 * any viem local account (`privateKeyToAccount`, `mnemonicToAccount`, ...).
 */
import { getAddress, verifyMessage, type Address, type Hex } from 'viem';
import { appSecretsDigest, appSecretsSigningMessage, bundleSigningMessage, nameSigningMessage, unpublishSigningMessage } from './messages';
import type { TBundleSignature, TNameRecord, TPublishRequest, TSignedAppSecrets, TUnpublishRequest } from './schemas';
import { encodeBase64 } from './base64';

/** What signing needs of an account: viem's `LocalAccount` fits. */
export interface TMessageSigner {
  address: Address;
  signMessage(args: { message: string }): Promise<Hex>;
}

export async function signBundle(account: TMessageSigner, cid: string): Promise<TBundleSignature> {
  const signature = await account.signMessage({ message: bundleSigningMessage(cid) });
  return { cid, publisher: getAddress(account.address), signature };
}

/** True when `signature` is `publisher`'s over `cid`. Malformed input is false, never a throw. */
export async function verifyBundleSignature(bundle: TBundleSignature): Promise<boolean> {
  try {
    return await verifyMessage({ address: bundle.publisher, message: bundleSigningMessage(bundle.cid), signature: bundle.signature });
  } catch {
    return false;
  }
}

export async function signNameRecord(account: TMessageSigner, fields: { name: string; cid: string; seq: number }): Promise<TNameRecord> {
  const signature = await account.signMessage({ message: nameSigningMessage(fields.name, fields.cid, fields.seq) });
  return { name: fields.name, cid: fields.cid, owner: getAddress(account.address), seq: fields.seq, signature };
}

/** True when the record's signature is its `owner`'s over its name, CID and seq. */
export async function verifyNameRecord(record: TNameRecord): Promise<boolean> {
  try {
    return await verifyMessage({
      address: record.owner,
      message: nameSigningMessage(record.name, record.cid, record.seq),
      signature: record.signature,
    });
  } catch {
    return false;
  }
}

let lastIssuedAt = 0;

/** Now, in ms, but always later than the last one given: a node refuses a request not newer than the last it took. */
function nextIssuedAt(): number {
  lastIssuedAt = Math.max(Date.now(), lastIssuedAt + 1);
  return lastIssuedAt;
}

/** The owner's whole set of secrets for their app `name` (replacing what the node held). */
export async function signAppSecrets(
  account: TMessageSigner,
  fields: { name: string; secrets: Record<string, string>; issuedAt?: number },
): Promise<TSignedAppSecrets> {
  const issuedAt = fields.issuedAt ?? nextIssuedAt();
  const signature = await account.signMessage({
    message: appSecretsSigningMessage(fields.name, issuedAt, appSecretsDigest(fields.secrets)),
  });
  return { name: fields.name, owner: getAddress(account.address), issuedAt, signature, secrets: fields.secrets };
}

/** True when the request's signature is its `owner`'s over its name, time and secrets. */
export async function verifyAppSecrets(request: TSignedAppSecrets): Promise<boolean> {
  return verifySigned(
    request.owner,
    appSecretsSigningMessage(request.name, request.issuedAt, appSecretsDigest(request.secrets)),
    request.signature,
  );
}

/** The owner's request to take their app `name` off a node. */
export async function signUnpublish(account: TMessageSigner, fields: { name: string; issuedAt?: number }): Promise<TUnpublishRequest> {
  const issuedAt = fields.issuedAt ?? nextIssuedAt();
  const signature = await account.signMessage({ message: unpublishSigningMessage(fields.name, issuedAt) });
  return { name: fields.name, owner: getAddress(account.address), issuedAt, signature };
}

export async function verifyUnpublish(request: TUnpublishRequest): Promise<boolean> {
  return verifySigned(request.owner, unpublishSigningMessage(request.name, request.issuedAt), request.signature);
}

async function verifySigned(address: Address, message: string, signature: Hex): Promise<boolean> {
  try {
    return await verifyMessage({ address, message, signature });
  } catch {
    return false;
  }
}

/** Builds the body of `POST /control/publish` from a compiled bundle. */
export async function createPublishRequest(
  account: TMessageSigner,
  cid: string,
  files: ReadonlyMap<string, Uint8Array>,
): Promise<TPublishRequest> {
  const encoded: Record<string, string> = {};
  for (const [path, bytes] of files) encoded[path] = encodeBase64(bytes);
  return { ...(await signBundle(account, cid)), files: encoded };
}
