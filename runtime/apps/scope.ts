/**
 * Whose data, limits, logs and secrets a run uses: a live app's scope is its name; a private
 * preview's is `preview:<id>` (runtime/node/previews.ts). One definition for the gateway, which
 * runs apps, and the node, which stores their secrets.
 */
export const PREVIEW_SCOPE_PREFIX = 'preview:';

export const previewScope = (id: string) => `${PREVIEW_SCOPE_PREFIX}${id}`;
