/**
 * The DAIOS node's public surface. The gateway, the executor and `npm start` import from here.
 * See ./README.md for the seam the gateway builds on.
 */
import './polyfills';

export { createDaiosNode, DEFAULT_LIMITS } from './node';
export type {
  DaiosNode,
  TAppResolver,
  TDaiosHealth,
  TDaiosLimits,
  TDaiosNodeEvents,
  TDaiosNodeOptions,
  TNameEvent,
  TResolvedApp,
} from './node';
export type { TLoadedBundle } from './bundle-store';
export type { TBundleRecord } from './records';
export type { TNameChange } from './names';
export type { TControlRoute, THttpContext, THttpExtensions, THttpHandler, THttpMount } from './http';
export { readJsonBody, sendJson } from './http';
export { DaiosError, isDaiosError } from './errors';
export { consoleLogger, silentLogger, type TLogger } from './logger';
export { supportsRegisteredBlock } from './blocks';
export type { TBlockSupport } from './verify';
