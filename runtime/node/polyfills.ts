/**
 * `Promise.withResolvers` arrived in Node 22; libp2p 3 and Helia 7 call it. Import this module
 * before anything from libp2p or Helia (ES modules run their imports in order, so first import
 * wins). Remove once the project requires Node >= 22.
 */

interface TPromiseWithResolvers {
  withResolvers?: <T>() => { promise: Promise<T>; resolve: (value: T | PromiseLike<T>) => void; reject: (reason?: unknown) => void };
}

const PromiseConstructor = Promise as unknown as TPromiseWithResolvers;
if (typeof PromiseConstructor.withResolvers !== 'function') {
  PromiseConstructor.withResolvers = function withResolvers<T>() {
    let resolve!: (value: T | PromiseLike<T>) => void;
    let reject!: (reason?: unknown) => void;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

export {};
