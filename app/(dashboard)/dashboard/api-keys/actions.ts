"use server";

import { revalidatePath } from "next/cache";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/keys";
import { requireUser } from "@/lib/auth/session";
import { recordId } from "@/lib/validation";

export type CreateKeyState =
  | { status: "idle" }
  /** The full key, returned once: it lives only in this response and the form's state, never in a URL or cookie. */
  | { status: "created"; key: string; id: string; name: string }
  | { status: "invalid"; fieldErrors: Record<string, string[] | undefined>; values: { name: string; expiresInDays: string } }
  | { status: "limit"; error: string; values: { name: string; expiresInDays: string } };

const text = (value: FormDataEntryValue | null) => (typeof value === "string" ? value : "");

export async function createApiKeyAction(_previous: CreateKeyState, formData: FormData): Promise<CreateKeyState> {
  const user = await requireUser();
  const values = { name: text(formData.get("name")), expiresInDays: text(formData.get("expiresInDays")) };
  // Validates the input (zod) and enforces the plan's limit on active keys, under a lock.
  const result = await createApiKey(user.id, values);
  if (!result.ok) {
    if (result.fieldErrors) return { status: "invalid", fieldErrors: result.fieldErrors, values };
    return { status: "limit", error: result.error ?? "The key could not be created.", values };
  }
  revalidatePath("/dashboard/api-keys");
  return { status: "created", key: result.key, id: result.id, name: values.name.trim() };
}

export type RevokeKeyState = { status: "idle" | "revoked" | "failed"; error?: string };

const keyIdSchema = recordId();

export async function revokeApiKeyAction(_previous: RevokeKeyState, formData: FormData): Promise<RevokeKeyState> {
  const user = await requireUser();
  const keyId = keyIdSchema.safeParse(formData.get("keyId"));
  const revoked = keyId.success && (await revokeApiKey(user.id, keyId.data));
  revalidatePath("/dashboard/api-keys");
  if (!revoked) return { status: "failed", error: "This key was already revoked, or it no longer exists." };
  return { status: "revoked" };
}
