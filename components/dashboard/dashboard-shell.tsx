import Link from "next/link";
import type { ReactNode } from "react";
import { Logo } from "@/components/logo";
import type { MemberOrganization } from "@/lib/organizations/active";
import { ACCOUNT_PATH } from "@/lib/organizations/paths";
import { OrganizationSwitcher } from "./organization-switcher";
import { SignOutButton } from "./sign-out-button";

type Props = {
  user: { name: string | null; email: string };
  organizations: MemberOrganization[];
  /** The slug of the organization whose dashboard this is; none on the account's own pages. */
  current?: string;
  /** The navigation beside the page. */
  aside?: ReactNode;
  children: ReactNode;
};

/** The dashboard's frame: the header (organization switcher, account, sign-out), the navigation and the page. */
export function DashboardShell({ user, organizations, current, aside, children }: Props) {
  return (
    <div className="min-h-dvh bg-subtle">
      <header className="border-b border-border bg-card">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-4 px-6 py-3">
          <div className="flex min-w-0 items-center gap-4">
            <Logo />
            <OrganizationSwitcher organizations={organizations} current={current} />
          </div>
          <div className="flex items-center gap-4">
            <Link
              href={ACCOUNT_PATH}
              data-testid="header-account"
              className="hidden max-w-64 truncate text-sm text-muted-foreground hover:text-foreground sm:inline"
              title={user.email}
            >
              {user.name || user.email}
            </Link>
            <SignOutButton />
          </div>
        </div>
      </header>
      <div className="mx-auto flex max-w-6xl flex-col gap-6 px-6 py-8 md:flex-row">
        {aside && <aside className="md:w-48">{aside}</aside>}
        <main id="main" className="min-w-0 flex-1">
          {children}
        </main>
      </div>
    </div>
  );
}
