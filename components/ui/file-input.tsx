'use client';

import { forwardRef } from 'react';

/**
 * A hidden file input opened by a visible button (`ref.current.click()`). It clears itself after
 * each pick, so choosing the same file again still reports it.
 */
export const HiddenFileInput = forwardRef<HTMLInputElement, { accept: string; label: string; onFile: (file: File) => void }>(
  function HiddenFileInput({ accept, label, onFile }, ref) {
    return (
      <input
        ref={ref}
        type="file"
        accept={accept}
        className="sr-only"
        aria-label={label}
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          event.currentTarget.value = '';
          if (file) onFile(file);
        }}
      />
    );
  },
);
