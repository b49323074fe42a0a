import { cn } from './cn';

/** The Poseidon mark (a trident in a rounded square) and name. */
export function Logo({ size = 'md', className }: { size?: 'md' | 'lg'; className?: string }) {
  const box = size === 'lg' ? 'size-10' : 'size-7';
  return (
    <span
      className={cn('inline-flex items-center gap-2 font-semibold tracking-tight', size === 'lg' ? 'text-2xl' : 'text-base', className)}
    >
      <span className={cn('grid place-items-center rounded-lg bg-primary text-primary-fg shadow-sm', box)}>
        <svg
          viewBox="0 0 24 24"
          className="size-[60%]"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          strokeLinecap="round"
          strokeLinejoin="round"
          aria-hidden
        >
          <path d="M12 22V6M5 4v5a7 7 0 0 0 14 0V4M12 2l-2 4h4l-2-4M5 4l-1.5 2.5M5 4l1.5 2.5M19 4l-1.5 2.5M19 4l1.5 2.5" />
        </svg>
      </span>
      Poseidon
    </span>
  );
}
