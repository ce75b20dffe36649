import { ApiRequestsChart } from "@/components/dashboard/api-requests-chart";
import { DASHBOARD_NAV } from "@/components/dashboard/nav-items";
import { Card } from "@/components/ui/card";
import { Meter } from "@/components/ui/meter";
import type { DailyRequests } from "@/lib/usage/usage";
import { PLANS } from "@/lib/billing/plans";

/** What the picture says, for people who do not see it. */
export const PRODUCT_PREVIEW_LABEL =
  "The Acme SaaS dashboard: posts and API keys against the limits of the Pro plan, and API requests per day over the last 30 days, rising.";

const DAY_MS = 24 * 60 * 60 * 1000;
const LAST_DAY = Date.UTC(2026, 11, 7);

/** Thirty days of requests that grow week on week, quieter at weekends: fixed, so the page stays static. */
const SAMPLE_REQUESTS: DailyRequests[] = Array.from({ length: 30 }, (_, i) => {
  const day = new Date(LAST_DAY - (29 - i) * DAY_MS);
  const weekend = day.getUTCDay() === 0 || day.getUTCDay() === 6;
  return { day: day.toISOString().slice(0, 10), requests: Math.round((400 + i * 38) * (weekend ? 0.55 : 1) + ((i * 97) % 120)) };
});

/**
 * The landing hero's picture of the product: the dashboard overview, drawn by the dashboard's own
 * components (Card, Meter, ApiRequestsChart) with sample figures. It is HTML and SVG rendered on the
 * server: no image to download, no client JavaScript, its size known before it paints (no layout
 * shift), and both themes through the design tokens. Assistive technology reads it as one image with
 * a description; its parts, which are not the page's own headings and meters, are hidden from it.
 */
export function ProductPreview() {
  return (
    <div
      role="img"
      aria-label={PRODUCT_PREVIEW_LABEL}
      data-testid="product-preview"
      className="min-w-0 overflow-hidden rounded-xl border border-border bg-subtle shadow-lg"
    >
      <div aria-hidden="true">
        <div className="flex items-center gap-1.5 border-b border-border bg-card px-4 py-2.5">
          <span className="size-2.5 rounded-full bg-muted-foreground/30" />
          <span className="size-2.5 rounded-full bg-muted-foreground/30" />
          <span className="size-2.5 rounded-full bg-muted-foreground/30" />
          <span className="ml-3 truncate text-xs text-muted-foreground">acme.example/dashboard</span>
        </div>
        <div className="flex gap-4 p-4">
          <ul className="hidden w-28 shrink-0 space-y-1 text-sm sm:block">
            {DASHBOARD_NAV.map((item, i) => (
              <li key={item.href} className={`truncate rounded-md px-2 py-1.5 ${i === 0 ? "bg-muted font-medium text-foreground" : "text-muted-foreground"}`}>
                {item.label}
              </li>
            ))}
          </ul>
          <div className="min-w-0 flex-1 space-y-4">
            <p className="text-lg font-semibold tracking-tight">Welcome, Ada</p>
            <Card title="Usage" className="p-4">
              <div className="space-y-3">
                <Meter label="Posts" unit="posts" value={1_284} max={PLANS.pro.limits.posts} />
                <Meter label="API keys" unit="active API keys" value={3} max={PLANS.pro.limits.apiKeys} />
              </div>
            </Card>
            <Card title="API requests" className="p-4">
              <ApiRequestsChart days={SAMPLE_REQUESTS} />
            </Card>
          </div>
        </div>
      </div>
    </div>
  );
}
