import { parseCheckoutSession } from "../stripe-objects.ts";
import { idOf, syncSubscription } from "../sync.ts";
import { eventHandler } from "./types.ts";

// The user paid: link the Stripe customer to them and take the subscription's current state.
export const checkoutSessionCompleted = eventHandler(parseCheckoutSession, async (session, context) => {
  if (session.mode !== "subscription" || !session.subscription) return "ignored";
  return syncSubscription(context, idOf(session.subscription), { userId: session.client_reference_id ?? session.metadata?.userId });
});
