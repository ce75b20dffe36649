import { describe, expect, it } from "vitest";
import { PermissionError } from "@/lib/errors";
import { assertCan, can, PERMISSIONS, ROLES, type Permission } from "@/lib/organizations/permissions";

describe("what a role allows", () => {
  it.each<[Permission, string[]]>([
    ["posts.write", ["owner", "admin", "member"]],
    ["apiKeys.manage", ["owner", "admin"]],
    ["billing.manage", ["owner"]],
    ["organization.manage", ["owner", "admin"]],
    ["organization.delete", ["owner"]],
    ["members.manage", ["owner", "admin"]],
    ["ownership.transfer", ["owner"]],
    ["auditLog.read", ["owner", "admin"]],
  ])("lets %s to exactly %j", (permission, allowed) => {
    expect(ROLES.filter((role) => can(role, permission))).toEqual(allowed);
  });

  it("gives the owner every permission the table holds", () => {
    for (const permission of Object.keys(PERMISSIONS) as Permission[]) expect(can("owner", permission)).toBe(true);
  });

  it("refuses with a PermissionError that names who may, and the role the actor has", () => {
    expect(() => assertCan({ role: "admin" }, "billing.manage")).toThrow(new PermissionError("Only an organization's owner can do this; your role is admin."));
    expect(() => assertCan({ role: "member" }, "posts.write")).not.toThrow();
  });
});
