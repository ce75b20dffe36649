import { parseSubscriptionReference } from "../stripe-objects.ts";
import { syncSubscription } from "../sync.ts";
import { eventHandler } from "./types.ts";

// customer.subscription.created / .updated / .deleted: whatever the event says, Stripe's current
// state is what gets written (a deleted subscription is retrieved with status "canceled").
export const customerSubscriptionChanged = eventHandler(parseSubscriptionReference, async (subscription, context) =>
  syncSubscription(context, subscription.id),
);
