import type Stripe from "stripe";
import type { DbTransaction } from "@/lib/db";
import type { Billing } from "../stripe.ts";
import type { SyncOutcome } from "../sync.ts";

export type EventHandler = (event: Stripe.Event, context: { tx: DbTransaction; billing: Billing }) => Promise<SyncOutcome>;
