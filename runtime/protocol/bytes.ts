/** Byte helpers shared by the node, the runtime and the IDE server (no Node-only imports). */

/**
 * The parts, joined into one new array backed by its own ArrayBuffer. `length` is their total
 * byte length when the caller counted it already (it must be right); otherwise it is summed.
 */
export function joinBytes(parts: readonly Uint8Array[], length?: number): Uint8Array<ArrayBuffer> {
  const joined = new Uint8Array(new ArrayBuffer(length ?? parts.reduce((sum, part) => sum + part.byteLength, 0)));
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.byteLength;
  }
  return joined;
}
