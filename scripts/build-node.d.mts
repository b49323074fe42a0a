// Types of build-node.mjs, for the TypeScript that imports it (bench/node.bench.ts).
export declare const NODE_BUNDLE: string;
export declare const NODE_ARGS: string[];
export declare function buildNode(options?: { force?: boolean }): Promise<boolean>;
