import type Stripe from "stripe";
import type { SyncContext, SyncOutcome } from "../sync.ts";

export type EventHandler = (event: Stripe.Event, context: SyncContext) => Promise<SyncOutcome>;
