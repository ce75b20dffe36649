import { describe, expect, it } from "vitest";
import { personalOrganizationName, personalSlugCandidates, SLUG_MAX, slugify, slugProblem } from "@/lib/organizations/slug";

const always = (index: number) => () => index;

describe("slugify", () => {
  it("lowercases and joins words with single hyphens", () => {
    expect(slugify("  Acme   Corp, Inc. ")).toBe("acme-corp-inc");
  });

  it("drops accents and folds full-width letters to ASCII", () => {
    expect(slugify("Zoë Ångström")).toBe("zoe-angstrom");
    expect(slugify("ＡＣＭＥ")).toBe("acme");
  });

  it("turns look-alike letters of other scripts into hyphens rather than passing them off as Latin", () => {
    // Cyrillic а and е, which render like Latin a and e.
    expect(slugify("p\u0430yp\u0430l")).toBe("p-yp-l");
    expect(slugify("\u0430\u0435")).toBe("");
  });

  it("keeps at most SLUG_MAX characters of a very long name, ending on a letter or digit", () => {
    const slug = slugify(`${"a".repeat(39)} b${"c".repeat(1_000)}`);
    expect(slug).toBe("a".repeat(39));
    expect(slugify("x".repeat(1_000))).toHaveLength(SLUG_MAX);
  });
});

describe("slugProblem", () => {
  it("accepts lowercase letters, digits and single inner hyphens", () => {
    expect(slugProblem("acme-2")).toBeNull();
  });

  it.each([
    ["ab", "Use 3 to 40 characters."],
    ["a".repeat(41), "Use 3 to 40 characters."],
    ["Acme", "Use lowercase letters"],
    ["acme--corp", "Use lowercase letters"],
    ["-acme", "Use lowercase letters"],
    ["аcme", "Use lowercase letters"],
    ["settings", "“settings” is reserved"],
    ["api", "“api” is reserved"],
  ])("refuses %j", (slug, problem) => {
    expect(slugProblem(slug)).toContain(problem);
  });
});

describe("a personal organization", () => {
  it("is named after the user, else after their address's local part", () => {
    expect(personalOrganizationName({ name: "Jane Doe", email: "jane@example.com" })).toBe("Jane Doe's organization");
    expect(personalOrganizationName({ name: null, email: "jane.doe+news@example.com" })).toBe("jane.doe's organization");
    expect(personalOrganizationName({ name: "  ", email: "sam@example.com" })).toBe("sam's organization");
  });

  it("prefers the name's slug, then numbered ones, then a random suffix", () => {
    const candidates = personalSlugCandidates({ name: "Jane Doe", email: "jd@example.com" }, always(0));
    expect(candidates).toEqual(["jane-doe", ...[2, 3, 4, 5, 6, 7, 8, 9].map((n) => `jane-doe-${n}`), "jane-doe-aaaaaa"]);
  });

  it("falls back to the address's local part when the name has no usable letters", () => {
    expect(personalSlugCandidates({ name: "李雷", email: "li.lei+x@example.com" })[0]).toBe("li-lei");
    expect(personalSlugCandidates({ name: null, email: "jane@example.com" })[0]).toBe("jane");
  });

  it("never proposes a reserved or too short slug, only suffixed forms of it", () => {
    expect(personalSlugCandidates({ name: "Admin", email: "a@example.com" })[0]).toBe("admin-2");
    expect(personalSlugCandidates({ name: "Al", email: "al@example.com" })[0]).toBe("al-2");
    expect(personalSlugCandidates({ name: "…", email: "…@example.com" })[0]).toBe("org-2");
  });

  it("proposes only valid slugs, suffixes included, for a 1,000-character name", () => {
    const candidates = personalSlugCandidates({ name: "n".repeat(1_000), email: "n@example.com" }, always(35));
    expect(candidates.at(-1)).toBe(`${"n".repeat(SLUG_MAX - 7)}-999999`);
    for (const slug of candidates) expect(slugProblem(slug)).toBeNull();
  });
});
