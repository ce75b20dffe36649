import { parseCheckoutSession } from "../stripe-objects.ts";
import { idOf, syncSubscription } from "../sync.ts";
import { eventHandler } from "./types.ts";

// Someone paid for an organization: link the Stripe customer to its row and take the subscription's current state.
export const checkoutSessionCompleted = eventHandler(parseCheckoutSession, async (session, context) => {
  if (session.mode !== "subscription" || !session.subscription) return "ignored";
  return syncSubscription(context, idOf(session.subscription), {
    organizationId: session.metadata?.organizationId,
    userId: session.client_reference_id ?? session.metadata?.userId,
  });
});
