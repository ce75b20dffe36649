"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { deleteOrganization, deleteOrganizationSchema, renameOrganization, renameOrganizationSchema } from "@/lib/organizations/organizations";
import { DASHBOARD_PATH, organizationPath } from "@/lib/organizations/paths";
import { userAction } from "@/lib/user-action";

export const renameOrganizationAction = userAction({ schema: renameOrganizationSchema, permission: "organization.manage" }, async (input, user) => {
  const { slug } = await renameOrganization(user.actor, input);
  // The switcher in every page's header shows the name.
  revalidatePath(DASHBOARD_PATH, "layout");
  redirect(organizationPath(slug, "/settings?renamed=1"));
});

export const deleteOrganizationAction = userAction({ schema: deleteOrganizationSchema, permission: "organization.delete" }, async (input, user) => {
  await deleteOrganization(user.actor, input);
  revalidatePath(DASHBOARD_PATH, "layout");
  // The dashboard of the organization used last: this one is gone, so the personal one.
  redirect(DASHBOARD_PATH);
});
