'use client';

import { createContext, useContext } from 'react';

/** Actions the workspace offers to its parts (the inspector's "Run this block", ...). */
export interface TWorkspaceActions {
  run(options?: { triggerId?: string; onlyNodeId?: string }): void;
}

export const WorkspaceActionsContext = createContext<TWorkspaceActions>({ run: () => undefined });

export function useWorkspaceActions(): TWorkspaceActions {
  return useContext(WorkspaceActionsContext);
}
