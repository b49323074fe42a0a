/**
 * Which blocks this node can run: a `type@version` with a definition in the registry and an
 * executor (canvas-only blocks such as notes have no executor and never reach a plan, but a
 * manifest may still list them).
 */
import { BLOCK_EXECUTORS } from '@/blocks/executors';
import { blockRegistry } from '@/blocks/registry';
import type { TBlockSupport } from './verify';

const BLOCK_KEY = /^([a-z0-9][a-z0-9-]*)@([1-9][0-9]{0,5})$/;

export const supportsRegisteredBlock: TBlockSupport = (key) => {
  const match = BLOCK_KEY.exec(key);
  if (!match) return false;
  const definition = blockRegistry.get(match[1]!, Number(match[2]));
  if (!definition) return false;
  return BLOCK_EXECUTORS.has(key) || definition.category === 'canvas';
};
