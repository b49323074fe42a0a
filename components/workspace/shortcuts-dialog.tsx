'use client';

import { Dialog, DialogContent, DialogHeader } from '@/components/ui/dialog';
import { SHORTCUTS } from './use-shortcuts';

export function ShortcutsDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <DialogHeader title="Keyboard shortcuts" />
        <table className="text-sm">
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.keys} className="border-t border-border first:border-t-0">
                <td className="py-1.5 pr-4">
                  <kbd className="rounded border border-border bg-surface-muted px-1.5 py-0.5 font-mono text-xs">{s.keys}</kbd>
                </td>
                <td className="py-1.5 text-fg-muted">{s.action}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </DialogContent>
    </Dialog>
  );
}
