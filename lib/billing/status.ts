// What a Stripe subscription status means for access to the paid plan — in one place.
import type Stripe from "stripe";
import { lookup } from "@/lib/lookup";

const PAID_ACCESS: Record<Stripe.Subscription.Status, boolean> = {
  active: true,
  trialing: true,
  // Stripe is retrying the payment (smart retries / dunning): keep access meanwhile.
  past_due: true,
  // The first payment has not succeeded yet (e.g. 3-D Secure pending).
  incomplete: false,
  incomplete_expired: false,
  unpaid: false,
  canceled: false,
  paused: false,
};

/** Whether Stripe's API (the version the `stripe` package pins) knows `status` as a subscription status. */
export function isSubscriptionStatus(status: string): boolean {
  return lookup(PAID_ACCESS, status) !== undefined;
}

/** The statuses with paid access, for a query that filters on them. */
export const PAID_ACCESS_STATUSES: string[] = Object.entries(PAID_ACCESS).flatMap(([status, paid]) => (paid ? [status] : []));

export function hasPaidAccess(status: string): boolean {
  return lookup(PAID_ACCESS, status) ?? false;
}

const LABELS: Record<string, string> = {
  active: "Active",
  trialing: "Trial",
  past_due: "Past due",
  incomplete: "Awaiting payment",
  incomplete_expired: "Expired",
  unpaid: "Unpaid",
  canceled: "Canceled",
  paused: "Paused",
};

export function statusLabel(status: string) {
  return lookup(LABELS, status) ?? status;
}
