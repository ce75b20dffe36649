// The plans: one definition used by the pricing page, the dashboard, billing (Stripe price ids)
// and the API (rate limits and quotas). A subscription's plan is derived from this, never from input.

export type PlanId = "free" | "pro";

export type PlanLimits = {
  /** Requests per minute, per user: across all their API keys, their session and dashboard actions. */
  apiRequestsPerMinute: number;
  /** Active API keys a user may hold. */
  apiKeys: number;
  /** Posts a user may keep. */
  posts: number;
  /** Seats of an organization: its members plus its pending invitations (lib/organizations/invitations.ts). */
  members: number;
};

export type Plan = {
  id: PlanId;
  name: string;
  description: string;
  /**
   * Display prices in US dollars; Stripe holds the real ones. `perMember`: the price is per member
   * of the organization (the Stripe subscription's quantity is its member count: seats.ts).
   */
  price: { monthly: number; yearly?: number; perMember?: boolean };
  features: string[];
  limits: PlanLimits;
};

export const PLANS: Record<PlanId, Plan> = {
  free: {
    id: "free",
    name: "Free",
    description: "Everything you need to try it out.",
    price: { monthly: 0 },
    features: ["Up to 10 posts", "1 API key", "60 API requests per minute", "Up to 3 members", "Community support"],
    limits: { apiRequestsPerMinute: 60, apiKeys: 1, posts: 10, members: 3 },
  },
  pro: {
    id: "pro",
    name: "Pro",
    description: "For products in production.",
    price: { monthly: 19, yearly: 190, perMember: true },
    features: ["Up to 10,000 posts", "10 API keys", "1,000 API requests per minute", "Up to 100 members", "Email support"],
    limits: { apiRequestsPerMinute: 1000, apiKeys: 10, posts: 10_000, members: 100 },
  },
};

export const PLAN_LIST: Plan[] = [PLANS.free, PLANS.pro];

/** The plan a stored plan id stands for; anything unknown is the free plan. */
export function getPlan(id: string | null | undefined): Plan {
  return id === "pro" ? PLANS.pro : PLANS.free;
}
