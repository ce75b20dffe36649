// What billing reads of Stripe's objects, parsed where they come in: the object an event carries,
// and the subscriptions the webhook re-reads from the API. Each schema holds only the fields a
// handler uses, with the nullability of Stripe's API (the `stripe` package's types, for the API
// version it pins); anything else in the object is dropped unread, so a field Stripe adds breaks
// nothing. An object that does not fit is a StripeObjectInvalidError — the webhook logs it and
// answers 500, so Stripe retries — rather than a TypeError mid-handler, an Invalid Date, or a
// wrong value written.
import { z } from "zod";
import { isSubscriptionStatus } from "./status.ts";

/**
 * The latest time billing writes, in epoch seconds: 9999-12-31T23:59:59Z. A later Date exists in
 * JavaScript and PostgreSQL, but the Prisma client cannot write it ("Invalid time value").
 */
const LATEST_SECONDS = 253_402_300_799;
/** Stripe's timestamps: whole epoch seconds, each one a date the database can hold. */
const unixTime = z.number().int().min(0).max(LATEST_SECONDS);
const objectId = z.string().min(1);
/** A reference to another Stripe object: its id, or the object itself when expanded. */
const reference = z.union([objectId, z.object({ id: objectId })]);
/** Metadata is a map of strings; billing reads only the organization and user ids its Checkout put there. */
const metadata = z.object({ organizationId: z.string().optional(), userId: z.string().optional() });

/** A Stripe object that does not have the fields billing reads, as billing reads them. */
export class StripeObjectInvalidError extends Error {
  override name = "StripeObjectInvalidError";

  constructor(
    /** Stripe's name for the kind of object: `subscription`, `invoice`, `checkout.session`. */
    readonly stripeObject: string,
    readonly objectId: string | undefined,
    /** Where the object is wrong and how — never its values, which may be personal data. */
    readonly issues: { path: string; message: string }[],
  ) {
    super(`Stripe ${stripeObject} ${objectId ?? "without an id"} is invalid at ${issues.map((issue) => issue.path || "(the object)").join(", ")}`);
  }
}

/** A parser of one kind of Stripe object: the fields of `schema`, or a StripeObjectInvalidError. */
function stripeObject<Output>(name: string, schema: z.ZodType<Output>) {
  return (value: unknown): Output => {
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    const id = (value as { id?: unknown } | null)?.id;
    throw new StripeObjectInvalidError(
      name,
      typeof id === "string" ? id : undefined,
      result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })),
    );
  };
}

export const parseCheckoutSession = stripeObject(
  "checkout.session",
  z.object({
    id: objectId,
    // "payment", "setup", "subscription" — or a mode Stripe adds, which billing ignores like "payment".
    mode: z.string(),
    subscription: reference.nullable(),
    client_reference_id: z.string().nullable(),
    metadata: metadata.nullable(),
  }),
);

/** A subscription in an event: only its id is used — its state is re-read from the API. */
export const parseSubscriptionReference = stripeObject("subscription", z.object({ id: objectId }));

/** A subscription as the API answers it (re-read by the webhook): what the organization's row is made of. */
export const parseSubscription = stripeObject(
  "subscription",
  z.object({
    id: objectId,
    customer: reference,
    status: z.string().refine(isSubscriptionStatus, "Unknown subscription status"),
    created: unixTime,
    trial_start: unixTime.nullable(),
    cancel_at: unixTime.nullable(),
    cancel_at_period_end: z.boolean(),
    metadata,
    // API 2025-03-31+: the billing period lives on each item. `quantity` is optional in Stripe's
    // API (absent for a metered price); Pro's is its seats (lib/billing/seats.ts).
    items: z.object({
      data: z.array(
        z.object({
          id: objectId,
          price: z.object({ id: objectId }),
          current_period_end: unixTime,
          quantity: z.number().int().min(0).optional(),
        }),
      ),
    }),
  }),
);
export type StripeSubscription = ReturnType<typeof parseSubscription>;

// Which subscription an invoice bills. An event is rendered in the API version of the webhook
// endpoint, which may predate the `stripe` package's: API 2025-03-31+ says it in `parent` (null
// for a one-off invoice), older versions in `subscription`. An invoice with neither is invalid.
const invoiceSubscriptionFields = {
  id: objectId,
  parent: z
    .object({ subscription_details: z.object({ subscription: reference }).nullable() })
    .nullable()
    .optional(),
  subscription: reference.nullable().optional(),
};
function sayingWhichSubscription<Schema extends z.ZodType<{ parent?: unknown; subscription?: unknown }>>(schema: Schema) {
  return schema.refine((invoice) => invoice.parent !== undefined || invoice.subscription !== undefined, {
    path: ["parent"],
    message: "Invalid input: expected `parent` (or `subscription` before API 2025-03-31)",
  });
}

export const parseInvoice = stripeObject("invoice", sayingWhichSubscription(z.object(invoiceSubscriptionFields)));
export type StripeInvoice = ReturnType<typeof parseInvoice>;

/** An invoice whose payment failed: also what the "payment failed" email tells the user. */
export const parseFailedInvoice = stripeObject(
  "invoice",
  sayingWhichSubscription(
    z.object({
      ...invoiceSubscriptionFields,
      amount_due: z.number().int().min(0),
      currency: z.string().min(1),
      // When Stripe retries the payment; null once it has no retry left.
      next_payment_attempt: unixTime.nullable(),
    }),
  ),
);
