// Types of build-node.mjs, for the TypeScript that imports it (the benches, playwright.config.ts).
export declare const NODE_BUNDLE: string;
export declare const NODE_FLAGS: string[];
export declare const NODE_ARGS: string[];
export declare function buildNode(options?: { force?: boolean }): Promise<boolean>;
export declare function bundleNode(entry: string, into: string): Promise<void>;
