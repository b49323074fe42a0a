/**
 * A small least-recently-used cache bounded by entry count and by total size (each entry says
 * its own size). Map keeps insertion order, so the first key is the least recently used.
 */
export class LruCache<K, V> {
  private readonly entries = new Map<K, { value: V; size: number }>();
  private totalSize = 0;
  /** The key used last, already last in `entries` (a hot key is asked for again and again). */
  private newest: K | undefined;

  constructor(
    private readonly maxEntries: number,
    private readonly maxSize: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.totalSize;
  }

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (key !== this.newest) {
      this.entries.delete(key);
      this.entries.set(key, entry);
      this.newest = key;
    }
    return entry.value;
  }

  /** Stores `value`; one larger than the whole cache is not kept. */
  set(key: K, value: V, size: number): void {
    this.delete(key);
    if (size > this.maxSize || this.maxEntries < 1) return;
    this.entries.set(key, { value, size });
    this.totalSize += size;
    this.newest = key;
    while (this.entries.size > this.maxEntries || this.totalSize > this.maxSize) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.delete(oldest.value);
    }
  }

  delete(key: K): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.totalSize -= entry.size;
    if (key === this.newest) this.newest = undefined;
  }

  clear(): void {
    this.entries.clear();
    this.totalSize = 0;
  }
}
