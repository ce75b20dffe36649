// The Stripe client, when billing is configured (STRIPE_SECRET_KEY and friends). STRIPE_API_BASE
// points it at another server — stripe-mock or the test suite's fake — instead of api.stripe.com.
import Stripe from "stripe";
import { getServerEnv, type ServerEnv } from "@/lib/env";
import { logger } from "@/lib/logger";
import { BillingError } from "./checkout.ts";
import { PLANS, type PlanId } from "./plans.ts";

export type Billing = {
  stripe: Stripe;
  webhookSecret: string;
  prices: { proMonthly: string; proYearly?: string };
  /** Days of free trial a user's first Checkout starts (STRIPE_TRIAL_DAYS); none when unset. */
  trialDays?: number;
};

/**
 * How long one attempt of a call to Stripe may take, its connection included. Against Stripe itself
 * a call that fails this way is tried once more (maxNetworkRetries), so a user waits about twice
 * this, at most, for the call Stripe does not answer.
 */
export const STRIPE_TIMEOUT_MS = 10_000;

let cached: Billing | null | undefined;

/** Billing for this deployment, or null when Stripe is not configured (the app runs without it). */
export function getBilling(): Billing | null {
  if (cached !== undefined) return cached;
  cached = createBilling(getServerEnv());
  return cached;
}

export function createBilling(env: ServerEnv): Billing | null {
  if (!env.STRIPE_SECRET_KEY || !env.STRIPE_WEBHOOK_SECRET || !env.STRIPE_PRICE_PRO_MONTHLY) return null;
  const base = env.STRIPE_API_BASE ? new URL(env.STRIPE_API_BASE) : undefined;
  const stripe = new Stripe(env.STRIPE_SECRET_KEY, {
    appInfo: { name: "prisma-saas-starter" },
    timeout: STRIPE_TIMEOUT_MS,
    // A failed call fails the webhook (500) and Stripe redelivers it: no retry loop in the request.
    maxNetworkRetries: base ? 0 : 1,
    ...(base && {
      host: base.hostname,
      port: Number(base.port || (base.protocol === "https:" ? 443 : 80)),
      protocol: base.protocol.replace(":", "") as "http" | "https",
    }),
  });
  return {
    stripe,
    webhookSecret: env.STRIPE_WEBHOOK_SECRET,
    prices: { proMonthly: env.STRIPE_PRICE_PRO_MONTHLY, proYearly: env.STRIPE_PRICE_PRO_YEARLY },
    trialDays: env.STRIPE_TRIAL_DAYS,
  };
}

/** The plan a Stripe price stands for: the plan is always derived from the price, never from input. */
export function planForPrice(billing: Billing, priceId: string | undefined): PlanId | undefined {
  if (!priceId) return undefined;
  return priceId === billing.prices.proMonthly || priceId === billing.prices.proYearly ? PLANS.pro.id : undefined;
}

/**
 * Runs a call to Stripe on behalf of the user: when Stripe fails or cannot be reached, the failure
 * is logged and becomes a BillingError with `message`, for the user to retry.
 */
export async function withStripe<T>(event: string, message: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeError)) throw error;
    logger.error({ event, type: error.type, error: error.message }, "Stripe call failed");
    throw new BillingError(message);
  }
}

/** Stripe failed on its side, was rate limiting, or did not answer in time: retry later, not a bug. */
export function isStripeUnavailable(error: unknown): boolean {
  return (
    error instanceof Stripe.errors.StripeAPIError || error instanceof Stripe.errors.StripeRateLimitError || error instanceof Stripe.errors.StripeConnectionError
  );
}
