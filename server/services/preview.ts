/**
 * Previews: the draft of a project served by the node under a private, unguessable URL
 * (/preview/<id>/), with its own data, never listed or reachable by name. Updated after edits.
 * Like a deploy, a preview runs with the project's secrets: the whole set is handed to the node
 * for that preview id only (bundles carry none), before the preview moves to the new bundle.
 */
import { createHmac } from 'node:crypto';
import type { TDiagnostic } from '@/blocks/core/diagnostics';
import { compileBundle } from '@/blocks/compiler/bundle';
import { bundleCid } from '@/blocks/compiler/cid';
import { DaiosRequestError, type TControlClient } from '@/runtime/protocol/control-client';
import { createPublishRequest } from '@/runtime/protocol/signing';
import { getProject, type TServiceContext } from './projects';
import { deriveKey, type TMasterKey } from './sealed-box';
import { resolveSecrets, SecretDecryptionError } from './secrets';
import { signingAccount } from './signing-keys';

/** Stable per project, unguessable without the server's secret. */
export function previewId(projectId: string, masterKey: TMasterKey): string {
  return createHmac('sha256', deriveKey(masterKey, 'poseidon/preview-ids/v1')).update(projectId).digest('hex').slice(0, 32);
}

export type TPreviewResult = { ok: true; id: string; cid: string } | { ok: false; diagnostics: TDiagnostic[] };

export async function updatePreview(
  ctx: TServiceContext,
  projectId: string,
  deps: { node: TControlClient; masterKey: TMasterKey },
): Promise<TPreviewResult> {
  const project = await getProject(ctx, projectId);
  const compiled = compileBundle(project.graph, { appName: 'preview', title: project.name });
  if (!compiled.ok) return { ok: false, diagnostics: compiled.diagnostics };
  const cid = (await bundleCid(compiled.files)).toString();
  const id = previewId(project.id, deps.masterKey);
  let secrets: Map<string, string>;
  try {
    secrets = await resolveSecrets(ctx.db, project.id, deps.masterKey);
  } catch (error) {
    if (!(error instanceof SecretDecryptionError)) throw error;
    return { ok: false, diagnostics: [{ severity: 'error', code: 'secret_unreadable', message: error.message }] };
  }
  try {
    const account = await signingAccount(ctx.db, ctx.userId, deps.masterKey);
    await deps.node.publish(await createPublishRequest(account, cid, compiled.files));
    await deps.node.setPreviewSecrets(id, Object.fromEntries(secrets));
    await deps.node.setPreview({ id, cid });
  } catch (error) {
    const message =
      error instanceof DaiosRequestError
        ? `The node refused the preview: ${error.message}`
        : `The DAIOS node could not be reached: ${error instanceof Error ? error.message : String(error)}`;
    return { ok: false, diagnostics: [{ severity: 'error', code: 'preview_failed', message }] };
  }
  return { ok: true, id, cid };
}
