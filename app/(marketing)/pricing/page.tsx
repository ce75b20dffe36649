import type { Metadata } from "next";
import { PricingCards } from "@/components/marketing/pricing-cards";
import { publicPageMetadata } from "@/lib/seo";

export const metadata: Metadata = publicPageMetadata({
  path: "/pricing",
  title: "Pricing · Acme SaaS",
  description: "Acme SaaS plans: Free to start, Pro for products in production, with more API keys and higher API limits. Cancel any time.",
});

export default function PricingPage() {
  return (
    <section className="mx-auto max-w-4xl px-6 py-20">
      <h1 className="text-4xl font-semibold tracking-tight">Pricing</h1>
      <p className="mt-4 text-lg text-muted-foreground">One free plan to start, one plan for products in production. Cancel any time.</p>
      <div className="mt-12">
        <PricingCards headingLevel={2} />
      </div>
    </section>
  );
}
