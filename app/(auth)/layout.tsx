import { Logo } from '@/components/ui/logo';

export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <main className="grid min-h-full place-items-center bg-[radial-gradient(ellipse_at_top,_var(--color-primary-soft),_transparent_60%)] px-4 py-12">
      <div className="grid w-full max-w-sm gap-6">
        <div className="grid justify-items-center gap-2 text-center">
          <Logo size="lg" />
          <p className="text-sm text-fg-muted">Build AI dApps from blocks. Test them live. Deploy with one click.</p>
        </div>
        {children}
      </div>
    </main>
  );
}
