import type Stripe from "stripe";
import { syncSubscription } from "../sync.ts";
import type { EventHandler } from "./types.ts";

// customer.subscription.created / .updated / .deleted: whatever the event says, Stripe's current
// state is what gets written (a deleted subscription is retrieved with status "canceled").
export const customerSubscriptionChanged: EventHandler = async (event, context) => {
  const subscription = event.data.object as Stripe.Subscription;
  return syncSubscription(context, subscription.id);
};
