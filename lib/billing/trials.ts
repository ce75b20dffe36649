// Free trials (STRIPE_TRIAL_DAYS): one per person, ever. A trial is taken when any subscription of
// the user's customer had one (the webhook writes it, lib/billing/sync.ts); Checkout offers none
// after that (lib/billing/checkout.ts), nor to an address that had one before, on an account since
// deleted: `UsedTrial` keeps a SHA-256 of the canonical address (lib/email-address.ts) of everyone
// who had a trial, and deleting an account does not delete it. It keeps no address, only what
// answers "did this address have a trial?" — which is exactly what it is for.
import { createHash } from "node:crypto";
import { canonicalEmail } from "@/lib/email-address";
import { db, type DbTransaction } from "@/lib/db";

type TrialUser = { id: string; email: string };

/** Whether the user may still start a free trial: neither they, nor an earlier account with their address, had one. */
export async function mayStartTrial(user: { email: string; trialStartedAt: Date | null }): Promise<boolean> {
  if (user.trialStartedAt) return false;
  return (await db.usedTrial.count({ where: { emailHash: emailHash(user.email) } })) === 0;
}

/** The user's one trial is taken (started at `startedAt`): on their account, and for their address beyond it. */
export async function recordTrialTaken(tx: DbTransaction, user: TrialUser, startedAt: Date): Promise<void> {
  await tx.user.updateMany({ where: { id: user.id, trialStartedAt: null }, data: { trialStartedAt: startedAt } });
  await tx.usedTrial.createMany({ data: [{ emailHash: emailHash(user.email), startedAt }], skipDuplicates: true });
}

function emailHash(email: string): string {
  return createHash("sha256")
    .update(canonicalEmail(email) ?? email)
    .digest("hex");
}
