/**
 * Encryption at rest for held secrets (the IDE server's project secrets and users' signing keys;
 * a node's app secrets): AES-256-GCM under a key derived with HKDF-SHA256 from a master secret and
 * a purpose string, a fresh 12-byte IV per value, stored as `v1:<iv b64>:<tag b64>:<ciphertext b64>`.
 * The `place` (who and what the value belongs to) is authenticated data: a value copied elsewhere
 * does not open. Node-only (node:crypto), no other dependencies.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** Key material: a string (such as the IDE's auth secret) or raw bytes (a node's secret). */
export type TMasterKey = string | Uint8Array;

const FORMAT_VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const MIN_MASTER_KEY_BYTES = 32;

export function deriveKey(masterKey: TMasterKey, purpose: string): Buffer {
  const material = typeof masterKey === 'string' ? Buffer.from(masterKey, 'utf8') : masterKey;
  if (material.byteLength < MIN_MASTER_KEY_BYTES) {
    // A configuration fault (the env already demands 32+ characters); never a user error.
    throw new Error(`The master key must be at least ${MIN_MASTER_KEY_BYTES} bytes.`);
  }
  return Buffer.from(hkdfSync('sha256', material, Buffer.alloc(0), purpose, 32));
}

function associatedData(place: readonly string[]): Buffer {
  return Buffer.from(JSON.stringify(place), 'utf8');
}

export function seal(key: Buffer, place: readonly string[], plaintext: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(place));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [FORMAT_VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ciphertext.toString('base64')].join(':');
}

/** The plaintext, or null when the value was altered, moved, or sealed under another key. */
export function open(key: Buffer, place: readonly string[], stored: string): string | null {
  const parts = stored.split(':');
  if (parts.length !== 4 || parts[0] !== FORMAT_VERSION) return null;
  const [, ivText, tagText, ciphertextText] = parts as [string, string, string, string];
  const iv = Buffer.from(ivText, 'base64');
  const tag = Buffer.from(tagText, 'base64');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(associatedData(place));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(ciphertextText, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
