export type TSandboxErrorKind = 'syntax' | 'runtime' | 'timeout' | 'memory' | 'stack' | 'result' | 'input' | 'busy' | 'internal';

/** Anything that went wrong with user code, worded for the person who wrote it. */
export class SandboxError extends Error {
  override name = 'SandboxError';
  readonly kind: TSandboxErrorKind;
  /** 1-based line in the user's source (or expression), where known. */
  readonly line?: number;
  readonly column?: number;
  /** evaluateEach: the item whose evaluation failed. */
  readonly itemIndex?: number;

  constructor(kind: TSandboxErrorKind, message: string, where: { line?: number; column?: number; itemIndex?: number } = {}) {
    super(message);
    this.kind = kind;
    if (where.line !== undefined) this.line = where.line;
    if (where.column !== undefined) this.column = where.column;
    if (where.itemIndex !== undefined) this.itemIndex = where.itemIndex;
  }

  /** A Diagnostic code, e.g. `sandbox_timeout`. */
  get code(): string {
    return `sandbox_${this.kind}`;
  }
}
