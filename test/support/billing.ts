// The app's billing (lib/billing/stripe.ts) configured to talk to a fake Stripe (./fake-stripe.ts),
// for tests that hand it to lib/billing's functions or to the code that getBilling() serves.
import { createBilling, type Billing } from "@/lib/billing/stripe";
import { parseServerEnv } from "@/lib/env";
import type { FakeStripe } from "@/test/support/fake-stripe";

/** The Pro plan's Stripe prices, by billing interval: what a checkout asks for and a subscription's item carries. */
export const PRO_PRICES = { monthly: "price_monthly", yearly: "price_yearly" } as const;

/** Billing as the environment configures it, against `fake`, with the Pro plan's monthly and yearly prices. */
export function billingAgainst(fake: FakeStripe): Billing {
  return createBilling(
    parseServerEnv({
      DATABASE_URL: "postgres://unused/db",
      STRIPE_SECRET_KEY: "sk_test_fake",
      STRIPE_WEBHOOK_SECRET: "whsec_x",
      STRIPE_PRICE_PRO_MONTHLY: PRO_PRICES.monthly,
      STRIPE_PRICE_PRO_YEARLY: PRO_PRICES.yearly,
      STRIPE_API_BASE: fake.url,
    }),
  )!;
}
