import { Logo } from "@/components/logo";
import Link from "next/link";
import { AccountLinks } from "./account-links";

export function SiteHeader() {
  return (
    <header className="border-b border-border">
      <div className="mx-auto flex max-w-6xl items-center justify-between gap-4 px-6 py-4">
        <Logo />
        <nav aria-label="Main" className="flex items-center gap-4 sm:gap-6">
          <Link href="/pricing" className="whitespace-nowrap text-sm font-medium text-muted-foreground hover:text-foreground">
            Pricing
          </Link>
          <AccountLinks />
        </nav>
      </div>
    </header>
  );
}
