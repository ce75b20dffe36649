"use server";

import { cookies } from "next/headers";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { SESSION_COOKIE_NAMES } from "@/lib/auth/protected";
import { currentSessionToken } from "@/lib/auth/session";
import { UserFacingError } from "@/lib/errors";
import { endOtherSessions, endSession, endSessionSchema } from "@/lib/sessions/sessions";
import { userAction } from "@/lib/user-action";
import { deleteAccount, deleteAccountSchema, profileSchema, updateProfile } from "@/lib/users/profile";

export const updateProfileAction = userAction({ schema: profileSchema }, async (input, user) => {
  await updateProfile(user.id, input);
  revalidatePath("/dashboard", "layout");
});

export const deleteAccountAction = userAction({ schema: deleteAccountSchema }, async (_, user) => {
  await deleteAccount(user.id);
  // The sessions went with the user (cascade); the cookie now points at nothing.
  const jar = await cookies();
  for (const name of SESSION_COOKIE_NAMES) jar.delete(name);
  redirect("/");
});

export const endSessionAction = userAction({ schema: endSessionSchema }, async ({ sessionId }, user) => {
  const ended = await endSession(user.id, sessionId, await currentSessionToken());
  revalidatePath("/dashboard/account");
  if (!ended) throw new UserFacingError("This session has already ended.");
});

export const endOtherSessionsAction = userAction({ schema: z.object({}) }, async (_, user) => {
  await endOtherSessions(user.id, await currentSessionToken());
  revalidatePath("/dashboard/account");
});
