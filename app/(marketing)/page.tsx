import type { Metadata } from "next";
import { PricingCards } from "@/components/marketing/pricing-cards";
import { ProductPreview } from "@/components/marketing/product-preview";
import ChartColumn from "lucide/dist/esm/icons/chart-column.mjs";
import CreditCard from "lucide/dist/esm/icons/credit-card.mjs";
import DatabaseBackup from "lucide/dist/esm/icons/database-backup.mjs";
import KeyRound from "lucide/dist/esm/icons/key-round.mjs";
import PenLine from "lucide/dist/esm/icons/pen-line.mjs";
import ShieldCheck from "lucide/dist/esm/icons/shield-check.mjs";
import { ButtonLink } from "@/components/ui/button";
import { Icon } from "@/components/ui/icon";
import { publicPageMetadata, SITE_DESCRIPTION } from "@/lib/seo";

export const metadata: Metadata = publicPageMetadata({
  path: "/",
  title: "Acme SaaS — a Next.js SaaS starter with Prisma in production",
  description: SITE_DESCRIPTION,
});

const FEATURES = [
  {
    icon: PenLine,
    title: "Write, then publish",
    body: "Draft posts in the dashboard and publish them when they are ready. Edit any time; nothing goes live by accident.",
  },
  {
    icon: KeyRound,
    title: "An API for every app",
    body: "Read and write your posts from your site, your app or a script, with API keys you can revoke in one click. Documented with OpenAPI.",
  },
  {
    icon: ChartColumn,
    title: "Usage at a glance",
    body: "Your API requests of the last 30 days and what your plan allows, on your dashboard. No surprises on the bill.",
  },
  {
    icon: ShieldCheck,
    title: "Secure by default",
    body: "Sign in with a magic link or GitHub: no password to leak. Keys are stored only as hashes, and you can end any session from anywhere.",
  },
  {
    icon: CreditCard,
    title: "Plans that grow with you",
    body: "Start free. Upgrade to Pro in a minute when you need more, and cancel from the billing portal whenever you like.",
  },
  {
    icon: DatabaseBackup,
    title: "Your data stays yours",
    body: "Take every post with you through the API at any time. Delete your account and your posts, keys and usage go with it.",
  },
];

export default function LandingPage() {
  return (
    <>
      <section className="mx-auto grid max-w-6xl items-center gap-12 px-6 py-20 sm:py-28 lg:grid-cols-[minmax(0,1fr)_minmax(0,28rem)]">
        <div>
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
        </div>
        <ProductPreview />
      </section>

      <section aria-labelledby="features" className="border-t border-border bg-subtle">
        <div className="mx-auto max-w-6xl px-6 py-16">
          <h2 id="features" className="text-2xl font-semibold tracking-tight">
            Everything your posts need
          </h2>
          <ul className="mt-8 grid gap-6 sm:grid-cols-2 lg:grid-cols-3">
            {FEATURES.map((feature) => (
              <li key={feature.title} className="rounded-lg border border-border bg-card p-6">
                <span className="grid size-10 place-items-center rounded-md bg-muted text-brand">
                  <Icon icon={feature.icon} className="size-5" />
                </span>
                <h3 className="mt-4 font-semibold">{feature.title}</h3>
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
