/**
 * Signing and checking bundles and name records with EVM keys (EIP-191 personal messages), so
 * a publisher's identity is the same address that owns contracts and earns rewards. Works with
 * any viem local account (`privateKeyToAccount`, `mnemonicToAccount`, ...).
 */
import { getAddress, verifyMessage, type Address, type Hex } from 'viem';
import { bundleSigningMessage, nameSigningMessage } from './messages';
import type { TBundleSignature, TNameRecord, TPublishRequest } from './schemas';
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
