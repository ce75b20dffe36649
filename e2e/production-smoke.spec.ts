// The production build as a first deploy would run it: NODE_ENV=production, a real PostgreSQL, the
// required variables only — no SMTP, no GitHub, no Stripe.
import { productionEnv, startApp, startAppExpectingFailure } from "./support/app-server";
import { E2E_PORT } from "./support/settings";
import { expect, test } from "./fixtures";

const PORT = E2E_PORT + 1;

test.describe("production smoke test", () => {
  test("serves the site with only the required variables, and no development-only route", async ({ request }) => {
    const app = await startApp(PORT, productionEnv(PORT));
    try {
      for (const path of ["/", "/pricing", "/api/health", "/sign-in"]) {
        const response = await request.get(`${app.url}${path}`);
        expect(response.status(), path).toBe(200);
        expect(response.headers()["strict-transport-security"], path).toBeDefined();
        expect(response.headers()["content-security-policy"], path).toContain("frame-ancestors 'none'");
        expect(response.headers()["x-content-type-options"], path).toBe("nosniff");
      }
      expect(await (await request.get(`${app.url}/api/health`)).json()).toMatchObject({ status: "ok", database: "ok" });
      expect((await request.get(`${app.url}/dev/magic-links`)).status()).toBe(404);
      // Without SMTP, production offers no email sign-in (links are never logged in production).
      const signIn = await (await request.get(`${app.url}/sign-in`)).text();
      expect(signIn).toContain("No sign-in method is configured");
      const webhook = await request.post(`${app.url}/api/stripe/webhook`, { data: "{}" });
      expect(webhook.status()).toBe(503);
      // Without CRON_SECRET, nobody may start the maintenance job (not even with an empty bearer token).
      for (const authorization of [undefined, "Bearer ", "Bearer undefined"]) {
        const cron = await request.get(`${app.url}/api/cron/maintenance`, { headers: authorization === undefined ? {} : { authorization } });
        expect(cron.status(), String(authorization)).toBe(401);
      }
      expect(app.output()).not.toMatch(/Error|Invalid environment/);
    } finally {
      await app.stop();
    }
  });

  for (const [variable, overrides] of [
    ["DATABASE_URL", { DATABASE_URL: undefined }],
    ["NEXTAUTH_SECRET", { NEXTAUTH_SECRET: undefined }],
    ["DATABASE_URL", { DATABASE_URL: "mysql://db.example.com/app" }],
    ["STRIPE_WEBHOOK_SECRET", { STRIPE_SECRET_KEY: "sk_test_abc", STRIPE_PRICE_PRO_MONTHLY: "price_abc" }],
  ] as const) {
    test(`fails fast at boot, naming ${variable}, when it is ${overrides[variable as keyof typeof overrides] === undefined ? "missing" : "malformed"}`, async () => {
      const started = Date.now();
      const { code, output } = await startAppExpectingFailure(PORT, productionEnv(PORT, overrides));
      expect(code).toBe(1);
      expect(output).toContain("Invalid environment variables");
      expect(output).toContain(variable);
      expect(Date.now() - started).toBeLessThan(20_000);
    });
  }
});
