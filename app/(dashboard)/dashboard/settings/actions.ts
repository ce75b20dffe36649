"use server";

import { cookies } from "next/headers";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { SESSION_COOKIE_NAMES } from "@/lib/auth/protected";
import { requireUser } from "@/lib/auth/session";
import { logger } from "@/lib/logger";
import { deleteAccount, updateProfile, type FieldErrors } from "@/lib/users/profile";

export type FormState = { status: "idle" | "saved" | "invalid" | "failed"; fieldErrors?: FieldErrors };

export async function updateProfileAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const user = await requireUser();
  const result = await updateProfile(user.id, { name: formData.get("name") });
  if (!result.ok) return { status: "invalid", fieldErrors: result.fieldErrors };
  revalidatePath("/dashboard", "layout");
  return { status: "saved" };
}

export async function deleteAccountAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const user = await requireUser();
  let result;
  try {
    result = await deleteAccount(user.id, { confirmation: formData.get("confirmation") });
  } catch (error) {
    logger.error({ event: "account.delete", userId: user.id, error: (error as Error).message }, "account deletion failed");
    return { status: "failed" };
  }
  if (!result.ok) return { status: "invalid", fieldErrors: result.fieldErrors };
  // The sessions went with the user (cascade); the cookie now points at nothing.
  const jar = await cookies();
  for (const name of SESSION_COOKIE_NAMES) jar.delete(name);
  redirect("/");
}
