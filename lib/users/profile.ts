// The signed-in user's own account: profile edits and deletion.
import { z } from "zod";
import { storableText } from "@/lib/validation";
import { cancelSubscriptionsBeforeDeletion } from "@/lib/billing/cancel";
import { getBilling } from "@/lib/billing/stripe";
import { db } from "@/lib/db";

export const profileSchema = z.object({
  name: storableText("Enter your name.").trim().min(1, "Enter your name.").max(80, "Use 80 characters at most."),
});

export const deleteAccountSchema = z.object({
  confirmation: z.literal("DELETE", { error: "Type DELETE to confirm." }),
});

export type FieldErrors = Record<string, string[] | undefined>;
export type ProfileResult = { ok: true } | { ok: false; fieldErrors: FieldErrors };

export async function updateProfile(userId: string, input: unknown): Promise<ProfileResult> {
  const parsed = profileSchema.safeParse(input);
  if (!parsed.success) return { ok: false, fieldErrors: z.flattenError(parsed.error).fieldErrors };
  await db.user.update({ where: { id: userId }, data: { name: parsed.data.name } });
  return { ok: true };
}

/**
 * Deletes the user; their subscription, sessions, accounts, API keys and posts go with them
 * (cascade). Every Stripe subscription of their customer that has not ended is canceled first; if
 * Stripe cannot be reached, nothing is deleted (the error propagates) rather than leaving a
 * deleted user billed.
 */
export async function deleteAccount(userId: string, input: unknown): Promise<ProfileResult> {
  const parsed = deleteAccountSchema.safeParse(input);
  if (!parsed.success) return { ok: false, fieldErrors: z.flattenError(parsed.error).fieldErrors };
  await cancelSubscriptionsBeforeDeletion(getBilling(), await db.subscription.findUnique({ where: { userId } }));
  await db.user.delete({ where: { id: userId } });
  return { ok: true };
}
