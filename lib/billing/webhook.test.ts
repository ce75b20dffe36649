import { describe, expect, it } from "vitest";
import { handleStripeWebhook } from "@/lib/billing/webhook";

describe("without Stripe configured", () => {
  it("answers 503 and does nothing (the app itself keeps running)", async () => {
    expect(await handleStripeWebhook("{}", "t=1,v1=x", { origin: "https://app.example.com" })).toEqual({
      status: 503,
      body: { error: "Billing is not configured." },
    });
  });
});
