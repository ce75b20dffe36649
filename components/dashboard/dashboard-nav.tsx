"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { DASHBOARD_NAV, phoneNavColumns } from "./nav-items";

// Below md the sections sit in an even grid rather than a wrapping row: every section stays in sight
// without scrolling sideways, and no row holds a single stranded tab (see phoneNavColumns).
const phoneColumns = { gridTemplateColumns: `repeat(${phoneNavColumns(DASHBOARD_NAV.length)}, minmax(0, 1fr))` };

export function DashboardNav() {
  const pathname = usePathname();
  return (
    // From md up the nav is a column beside the page, and flex ignores the grid's columns.
    <nav aria-label="Dashboard" className="grid gap-1 md:flex md:flex-col" style={phoneColumns}>
      {DASHBOARD_NAV.map((item) => {
        const current = item.href === "/dashboard" ? pathname === item.href : pathname.startsWith(item.href);
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={current ? "page" : undefined}
            className={`truncate rounded-md px-2 py-2 text-center text-sm font-medium md:px-3 md:text-left ${current ? "bg-muted text-foreground" : "text-muted-foreground hover:bg-muted/60 hover:text-foreground"}`}
          >
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
