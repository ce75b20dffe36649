import { afterEach, describe, expect, it, vi } from "vitest";

vi.mock("next/navigation", () => ({
  notFound: () => {
    throw new Error("NEXT_NOT_FOUND");
  },
}));

afterEach(() => vi.unstubAllEnvs());

describe("/dev/magic-links", () => {
  it("is a 404 outside development", async () => {
    const { default: MagicLinksPage } = await import("./page");
    for (const mode of ["production", "test"]) {
      vi.stubEnv("NODE_ENV", mode);
      await expect(MagicLinksPage()).rejects.toThrow("NEXT_NOT_FOUND");
    }
  });

  it("renders in development", async () => {
    vi.stubEnv("NODE_ENV", "development");
    const { default: MagicLinksPage } = await import("./page");
    expect(await MagicLinksPage()).toBeTruthy();
  });
});
