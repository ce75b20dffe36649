import type { Metadata } from "next";
import { PricingCards } from "@/components/marketing/pricing-cards";
import { ButtonLink } from "@/components/ui/button";
import { publicPageMetadata, SITE_DESCRIPTION } from "@/lib/seo";

export const metadata: Metadata = publicPageMetadata({
  path: "/",
  title: "Acme SaaS — a Next.js SaaS starter with Prisma in production",
  description: SITE_DESCRIPTION,
});

const FEATURES = [
  {
    title: "Prisma in production, done right",
    body: "One client per process, pooled or Accelerate URLs, migrations through a direct connection, a linter for dangerous migrations and a guard against resetting production.",
  },
  {
    title: "Billing that stays true",
    body: "Stripe Checkout and the Customer Portal, with webhooks that are verified, idempotent and safe under replays and out-of-order delivery.",
  },
  {
    title: "An API from day one",
    body: "Hashed, revocable API keys with per-plan rate limits, and a versioned REST API documented with OpenAPI.",
  },
  {
    title: "Sign-in without passwords",
    body: "Magic links by email and GitHub, with sessions stored in your database.",
  },
];

export default function LandingPage() {
  return (
    <>
      <section className="mx-auto max-w-6xl px-6 py-20 sm:py-28">
        <p className="text-sm font-semibold text-muted-foreground">Next.js 16 · Prisma 7 · PostgreSQL</p>
        <h1 className="mt-3 max-w-3xl text-4xl font-semibold tracking-tight sm:text-5xl">Ship your SaaS on a database layer you can trust in production.</h1>
        <p className="mt-6 max-w-2xl text-lg text-muted-foreground">
          Acme SaaS is a starter with authentication, billing, API keys and a product feature — and the migration discipline that keeps every deploy boring.
        </p>
        <div className="mt-10 flex flex-wrap gap-4">
          <ButtonLink href="/sign-in">Get started for free</ButtonLink>
          <ButtonLink href="/pricing" variant="secondary">
            See pricing
          </ButtonLink>
        </div>
      </section>

      <section aria-labelledby="features" className="border-t border-border bg-subtle">
        <div className="mx-auto max-w-6xl px-6 py-16">
          <h2 id="features" className="text-2xl font-semibold tracking-tight">
            What you get
          </h2>
          <ul className="mt-8 grid gap-6 sm:grid-cols-2">
            {FEATURES.map((feature) => (
              <li key={feature.title} className="rounded-lg border border-border bg-card p-6">
                <h3 className="font-semibold">{feature.title}</h3>
                <p className="mt-2 text-sm text-muted-foreground">{feature.body}</p>
              </li>
            ))}
          </ul>
        </div>
      </section>

      <section aria-labelledby="pricing" className="mx-auto max-w-6xl px-6 py-16">
        <h2 id="pricing" className="text-2xl font-semibold tracking-tight">
          Simple pricing
        </h2>
        <p className="mt-2 text-muted-foreground">Start free. Upgrade when your product takes off.</p>
        <div className="mt-8">
          <PricingCards headingLevel={3} />
        </div>
      </section>
    </>
  );
}
