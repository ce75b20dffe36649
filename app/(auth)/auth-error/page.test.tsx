// The page next-auth sends a failed sign-in to: its `error` parameter is whatever the URL says.
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { PROTOTYPE_KEYS } from "@/test/support/prototype-keys";
import AuthErrorPage from "./page";

async function render(error: string | string[] | undefined) {
  return renderToStaticMarkup(await AuthErrorPage({ searchParams: Promise.resolve({ error }) }));
}

const GENERIC = "Something went wrong while signing you in. Please try again.";

describe("/auth-error", () => {
  it("explains the error next-auth names", async () => {
    expect(await render("Verification")).toContain("This sign-in link is no longer valid");
  });

  it.each([...PROTOTYPE_KEYS, "prototype", "Unknown", "", undefined, ["Verification", "AccessDenied"]])(
    "says something went wrong for an error it has no words for (%j)",
    async (error) => {
      expect(await render(error)).toContain(GENERIC);
    },
  );
});
