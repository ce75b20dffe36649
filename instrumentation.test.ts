import { afterEach, describe, expect, it, vi } from "vitest";

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

async function boot() {
  vi.resetModules();
  const { register } = await import("./instrumentation");
  return register();
}

describe("server boot", () => {
  it("exits with the variable's name when DATABASE_URL is missing", async () => {
    vi.stubEnv("NEXT_RUNTIME", "nodejs");
    vi.stubEnv("DATABASE_URL", "");
    const exit = vi.spyOn(process, "exit").mockImplementation((() => undefined) as never);
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    await boot();
    expect(exit).toHaveBeenCalledWith(1);
    expect(error.mock.calls.flat().join("\n")).toMatch(/DATABASE_URL is required/);
  });

  it("boots when the environment is valid", async () => {
    vi.stubEnv("NEXT_RUNTIME", "nodejs");
    const exit = vi.spyOn(process, "exit").mockImplementation((() => undefined) as never);
    await boot();
    expect(exit).not.toHaveBeenCalled();
  });
});
