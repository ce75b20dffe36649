import { Logo } from "@/components/logo";

export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col items-center bg-zinc-50 px-6 py-16">
      <header className="mb-8">
        <Logo />
      </header>
      <main id="main" className="w-full max-w-md rounded-lg border border-zinc-200 bg-white p-8 shadow-sm">
        {children}
      </main>
    </div>
  );
}
