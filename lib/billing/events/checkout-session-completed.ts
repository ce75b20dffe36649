import type Stripe from "stripe";
import { idOf, syncSubscription } from "../sync.ts";
import type { EventHandler } from "./types.ts";

// The user paid: link the Stripe customer to them and take the subscription's current state.
export const checkoutSessionCompleted: EventHandler = async (event, context) => {
  const session = event.data.object as Stripe.Checkout.Session;
  if (session.mode !== "subscription" || !session.subscription) return "ignored";
  return syncSubscription(context, idOf(session.subscription), { userId: session.client_reference_id ?? session.metadata?.userId });
};
