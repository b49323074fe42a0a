/** Moved to runtime/crypto/sealed-box.ts (nodes seal their app secrets with it too); re-exported here. */
export { deriveKey, open, seal, type TMasterKey } from '@/runtime/crypto/sealed-box';
