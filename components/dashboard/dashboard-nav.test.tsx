// The dashboard navigation renders the list its server layout hands it, never one of its own bundle:
// after `npm run new:feature` adds an entry, `next dev` may hydrate the server's HTML with a client
// bundle of the other version, and a list read from the bundle then disagreed with the HTML.
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { DashboardNav } from "./dashboard-nav";
import { organizationNav } from "./nav-items";

vi.mock("next/navigation", () => ({ usePathname: () => "/dashboard/acme/widgets/abc" }));

const DASHBOARD_NAV = organizationNav("acme", "owner");

const links = (html: string) => [...html.matchAll(/<a [^>]*href="([^"]+)"[^>]*>([^<]+)<\/a>/g)].map(([, href, label]) => ({ href, label }));

describe("the dashboard navigation", () => {
  it("shows exactly the sections the server passes, a generated one included, and marks the current one", () => {
    const sections = [...DASHBOARD_NAV.slice(0, 2), { href: "/dashboard/acme/widgets", label: "Widgets" }, ...DASHBOARD_NAV.slice(2)];
    const html = renderToStaticMarkup(<DashboardNav items={sections} />);
    expect(links(html)).toEqual(sections.map(({ href, label }) => ({ href, label })));
    expect(html.match(/<a [^>]*aria-current="page"[^>]*>([^<]+)<\/a>/)?.[1]).toBe("Widgets");
  });

  it("lays out the sections it is given: two in one row on a phone", () => {
    const html = renderToStaticMarkup(<DashboardNav items={DASHBOARD_NAV.slice(0, 2)} />);
    expect(links(html)).toEqual(DASHBOARD_NAV.slice(0, 2));
    expect(html).toContain("grid-template-columns:repeat(2, minmax(0, 1fr))");
  });
});
