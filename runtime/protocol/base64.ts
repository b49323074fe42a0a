/**
 * Base64 for bundle files in JSON. Uses Node's Buffer when present (fast on megabytes) and falls
 * back to atob/btoa elsewhere, so this module stays usable outside Node.
 */

interface TBufferLike {
  from(input: Uint8Array | string, encoding?: 'base64'): Uint8Array & { toString(encoding: 'base64'): string };
}
const NodeBuffer = (globalThis as { Buffer?: TBufferLike }).Buffer;

export function encodeBase64(bytes: Uint8Array): string {
  if (NodeBuffer) return NodeBuffer.from(bytes).toString('base64');
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Decodes base64 the caller has already validated (e.g. with zod's `z.base64()`). */
export function decodeBase64(text: string): Uint8Array {
  if (NodeBuffer) {
    // A plain Uint8Array copy: a Buffer may be a slice of a shared pool and compares differently.
    return new Uint8Array(NodeBuffer.from(text, 'base64'));
  }
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
