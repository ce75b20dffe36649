import { ButtonLink } from "@/components/ui/button";
import { UPGRADE_PATH } from "@/lib/billing/paths";
import { PLAN_LIST, type Plan } from "@/lib/billing/plans";

function price(plan: Plan) {
  return plan.price.monthly === 0 ? "$0" : `$${plan.price.monthly}`;
}

/** `headingLevel`: each plan's name is one level below the heading the cards sit under. */
export function PricingCards({ headingLevel }: { headingLevel: 2 | 3 }) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <ul className="grid gap-6 md:grid-cols-2">
      {PLAN_LIST.map((plan) => (
        <li key={plan.id} className={`flex flex-col rounded-lg border p-6 ${plan.id === "pro" ? "border-primary shadow-md" : "border-border"}`}>
          <Heading className="text-lg font-semibold">{plan.name}</Heading>
          <p className="mt-1 text-sm text-muted-foreground">{plan.description}</p>
          <p className="mt-4">
            <span className="text-4xl font-semibold tracking-tight">{price(plan)}</span>
            <span className="text-sm text-muted-foreground">{plan.price.perMember ? " per member / month" : " / month"}</span>
          </p>
          {plan.price.yearly !== undefined && (
            <p className="text-sm text-muted-foreground">
              or ${plan.price.yearly} {plan.price.perMember ? "per member / year" : "/ year"}
            </p>
          )}
          <ul className="mt-6 flex-1 space-y-2 text-sm">
            {plan.features.map((feature) => (
              <li key={feature} className="flex gap-2">
                <span aria-hidden>✓</span>
                {feature}
              </li>
            ))}
          </ul>
          {/* Pro goes to the upgrade itself (through sign-in for a visitor); Free only needs an account. */}
          <ButtonLink href={plan.id === "pro" ? UPGRADE_PATH : "/sign-in"} variant={plan.id === "pro" ? "primary" : "secondary"} className="mt-6">
            {plan.id === "pro" ? "Start with Pro" : "Start for free"}
          </ButtonLink>
        </li>
      ))}
    </ul>
  );
}
