"use server";

import { revalidatePath } from "next/cache";
import { createApiKey, createApiKeySchema, revokeApiKey, revokeApiKeySchema } from "@/lib/api-keys/keys";
import { UserFacingError } from "@/lib/errors";
import { userAction } from "@/lib/user-action";

/** The full key, returned once: it lives only in this response and the form's state, never in a URL or cookie. */
export const createApiKeyAction = userAction({ schema: createApiKeySchema, permission: "apiKeys.manage" }, async (input, user) => {
  const created = await createApiKey(user.actor, input);
  revalidatePath("/dashboard/[org]/api-keys", "page");
  return { ...created, name: input.name };
});

export const revokeApiKeyAction = userAction({ schema: revokeApiKeySchema, permission: "apiKeys.manage" }, async ({ keyId }, user) => {
  const revoked = await revokeApiKey(user.actor, keyId);
  revalidatePath("/dashboard/[org]/api-keys", "page");
  if (!revoked) throw new UserFacingError("This key was already revoked, or it no longer exists.");
});
