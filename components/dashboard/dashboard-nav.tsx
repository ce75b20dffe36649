"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { DASHBOARD_NAV } from "./nav-items";

export function DashboardNav() {
  const pathname = usePathname();
  return (
    // Wraps onto a second row on a phone rather than scrolling sideways: every section stays in sight.
    <nav aria-label="Dashboard" className="flex flex-wrap gap-1 md:flex-col">
      {DASHBOARD_NAV.map((item) => {
        const current = item.href === "/dashboard" ? pathname === item.href : pathname.startsWith(item.href);
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={current ? "page" : undefined}
            className={`whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium ${current ? "bg-muted text-foreground" : "text-muted-foreground hover:bg-muted/60 hover:text-foreground"}`}
          >
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
