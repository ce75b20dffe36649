"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { acceptInvitation } from "@/lib/organizations/invitations";
import { organizationPath } from "@/lib/organizations/paths";
import { userAction } from "@/lib/user-action";

// The token is checked by acceptInvitation (its shape before any lookup); bounded here like any input.
const acceptSchema = z.object({ token: z.string().max(100) });

export const acceptInvitationAction = userAction({ schema: acceptSchema }, async ({ token }, user) => {
  const { slug } = await acceptInvitation(token, user);
  redirect(organizationPath(slug, "/members"));
});
