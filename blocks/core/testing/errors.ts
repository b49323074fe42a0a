/** Test helpers: the BlockError a block throws (sync) or rejects with (async). */
import { expect } from 'vitest';
import { BlockError } from '@/blocks/core/executor';

export function thrown(work: () => unknown): BlockError {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(BlockError);
    return error as BlockError;
  }
  throw new Error('expected a BlockError');
}

export async function failure(promise: Promise<unknown>): Promise<BlockError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BlockError);
  return error as BlockError;
}
