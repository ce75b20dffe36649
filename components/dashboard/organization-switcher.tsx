import Link from "next/link";
import { buttonVariants } from "@/components/ui/button-variants";
import type { MemberOrganization } from "@/lib/organizations/active";
import { NEW_ORGANIZATION_PATH, organizationPath } from "@/lib/organizations/paths";

/**
 * The user's organizations, to switch the dashboard to another: a disclosure (a <details> the
 * keyboard opens with Enter or Space, no script needed) holding a list of links, the current one
 * marked, and "Create organization".
 */
export function OrganizationSwitcher({ organizations, current }: { organizations: MemberOrganization[]; current?: string }) {
  const active = organizations.find((organization) => organization.slug === current);
  return (
    // min-w-0 and the truncated name: on a phone the header's row leaves it what the logo does not take.
    <details data-testid="organization-switcher" className="group relative min-w-0">
      <summary className={`${buttonVariants({ variant: "secondary" })} max-w-full cursor-pointer list-none sm:max-w-64 [&::-webkit-details-marker]:hidden`}>
        <span className="sr-only">Organization: </span>
        <span className="min-w-0 truncate">{active?.name ?? "Choose an organization"}</span>
        <span aria-hidden className="text-muted-foreground group-open:rotate-180">
          ▾
        </span>
      </summary>
      <nav aria-label="Organizations" className="absolute left-0 z-10 mt-2 w-72 max-w-[calc(100vw-3rem)] rounded-md border border-border bg-card p-1 shadow-lg">
        <ul>
          {organizations.map((organization) => (
            <li key={organization.id}>
              <Link
                href={organizationPath(organization.slug)}
                // Not fetched ahead: the proxy cannot tell a prefetch from a page opened (Next.js strips
                // its router headers before the proxy runs), and it remembers the organization opened
                // last, where old /dashboard/… links land.
                prefetch={false}
                aria-current={organization.slug === current ? "page" : undefined}
                className="flex items-center justify-between gap-2 rounded-md px-3 py-2 text-sm text-foreground hover:bg-muted aria-[current=page]:bg-muted aria-[current=page]:font-medium"
              >
                <span className="truncate">{organization.name}</span>
                <span className="shrink-0 text-xs text-muted-foreground">{organization.personal ? "Personal" : organization.role}</span>
              </Link>
            </li>
          ))}
          <li className="mt-1 border-t border-border pt-1">
            <Link href={NEW_ORGANIZATION_PATH} className="block rounded-md px-3 py-2 text-sm font-medium text-brand hover:bg-muted">
              Create organization
            </Link>
          </li>
        </ul>
      </nav>
    </details>
  );
}
