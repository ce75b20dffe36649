import { describe, expect, it } from "vitest";
import { organizationPath, pathBeforeOrganizations, slugInPath, withSlug } from "@/lib/organizations/paths";

describe("an organization's dashboard paths", () => {
  it("put the slug after /dashboard", () => {
    expect(organizationPath("acme")).toBe("/dashboard/acme");
    expect(organizationPath("acme", "/billing?upgrade=pro")).toBe("/dashboard/acme/billing?upgrade=pro");
  });

  it.each([
    ["/dashboard/acme", "acme"],
    ["/dashboard/acme/posts/abc?x=1", "acme"],
    ["/dashboard/acme?x=1", "acme"],
    ["/dashboard/account", null],
    ["/dashboard/new", null],
    ["/dashboard/posts/abc", null],
    ["/dashboard", null],
    ["/dashboard/%D0%B0cme", null],
    ["/pricing", null],
    ["/api/v1/dashboard/acme", null],
  ])("%s names the organization %j", (path, slug) => {
    expect(slugInPath(path)).toBe(slug);
  });

  it.each([
    ["/dashboard", ""],
    ["/dashboard?x=1", "?x=1"],
    ["/dashboard/posts", "/posts"],
    ["/dashboard/posts/abc?deleted=1", "/posts/abc?deleted=1"],
    ["/dashboard/api-keys", "/api-keys"],
    ["/dashboard/billing/portal", "/billing/portal"],
    ["/dashboard/settings", "/settings"],
    ["/dashboard/acme/posts", null],
    ["/dashboard/account", null],
    ["/dashboards", null],
  ])("reads %s as an old link to %j of an organization", (path, rest) => {
    expect(pathBeforeOrganizations(path)).toBe(rest);
  });

  it("moves a path to another slug, keeping the rest", () => {
    expect(withSlug("/dashboard/old/posts/abc?x=1", "new-name")).toBe("/dashboard/new-name/posts/abc?x=1");
  });
});
