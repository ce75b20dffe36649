"use server";

import { redirect } from "next/navigation";
import { createOrganization, createOrganizationSchema } from "@/lib/organizations/organizations";
import { organizationPath } from "@/lib/organizations/paths";
import { userAction } from "@/lib/user-action";

export const createOrganizationAction = userAction({ schema: createOrganizationSchema }, async (input, user) => {
  const { slug } = await createOrganization(user.id, input);
  redirect(organizationPath(slug));
});
