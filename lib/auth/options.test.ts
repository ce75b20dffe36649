import { afterAll, describe, expect, it } from "vitest";
import { getAuthOptions } from "@/lib/auth/options";
import { getDb } from "@/lib/db";

afterAll(() => getDb().$disconnect());

describe("next-auth's redirect callback", () => {
  const redirect = (url: string) => getAuthOptions().callbacks!.redirect!({ url, baseUrl: "https://app.example.com" });

  it("follows a callbackUrl on this site, as an absolute URL", async () => {
    expect(await redirect("/dashboard/settings?tab=1")).toBe("https://app.example.com/dashboard/settings?tab=1");
    expect(await redirect("https://app.example.com/dashboard")).toBe("https://app.example.com/dashboard");
  });

  it.each(["https://evil.example", "//evil.example", "/\\evil.example", "/\t/evil.example", "/.//evil.example", "javascript:alert(1)"])(
    "sends %j to the home page instead",
    async (url) => {
      expect(await redirect(url)).toBe("https://app.example.com/");
    },
  );
});
