import type { SyncContext, SyncOutcome } from "../sync.ts";

/**
 * An event's handler in two steps: first it parses the object the event carries (lib/billing/stripe-objects.ts,
 * throwing StripeObjectInvalidError before anything is written), then the parsed object is applied
 * in the webhook's transaction.
 */
export type EventHandler = (object: unknown) => (context: SyncContext) => Promise<SyncOutcome>;

export function eventHandler<StripeObject>(
  parse: (object: unknown) => StripeObject,
  apply: (object: StripeObject, context: SyncContext) => Promise<SyncOutcome>,
): EventHandler {
  return (object) => {
    const parsed = parse(object);
    return (context) => apply(parsed, context);
  };
}
