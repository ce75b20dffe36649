import { Logo } from "@/components/logo";
import { ThemeToggle } from "@/components/theme-toggle";

export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col items-center bg-subtle px-6 py-16">
      <header className="mb-8">
        <Logo />
      </header>
      <main id="main" className="w-full max-w-md rounded-lg border border-border bg-card p-8 shadow-sm">
        {children}
      </main>
      <footer className="mt-8">
        <ThemeToggle />
      </footer>
    </div>
  );
}
