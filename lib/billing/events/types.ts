import type Stripe from "stripe";
import type { Billing } from "../stripe.ts";
import type { SyncOutcome, Tx } from "../sync.ts";

export type EventHandler = (event: Stripe.Event, context: { tx: Tx; billing: Billing }) => Promise<SyncOutcome>;
