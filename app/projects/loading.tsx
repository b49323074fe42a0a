import { Skeleton } from '@/components/ui/feedback';

export default function Loading() {
  return (
    <div className="grid gap-4 p-6" aria-label="Loading" aria-busy>
      <Skeleton className="h-10 w-1/3" />
      <div className="grid grid-cols-3 gap-4">
        <Skeleton className="h-40" />
        <Skeleton className="h-40" />
        <Skeleton className="h-40" />
      </div>
    </div>
  );
}
