import { ButtonLink } from "@/components/ui/button";
import { Logo } from "@/components/logo";
import Link from "next/link";

export function SiteHeader() {
  return (
    <header className="border-b border-border">
      <div className="mx-auto flex max-w-6xl items-center justify-between gap-4 px-6 py-4">
        <Logo />
        <nav aria-label="Main" className="flex items-center gap-2 sm:gap-6">
          <Link href="/pricing" className="text-sm font-medium text-muted-foreground hover:text-foreground">
            Pricing
          </Link>
          <Link href="/sign-in" className="text-sm font-medium text-muted-foreground hover:text-foreground">
            Sign in
          </Link>
          <ButtonLink href="/sign-in" className="hidden sm:inline-flex">
            Get started
          </ButtonLink>
        </nav>
      </div>
    </header>
  );
}
