import { describe, expect, it } from "vitest";
import { proEndedEmail } from "@/lib/email/messages/pro-ended";
import { PROTOTYPE_KEYS } from "@/test/support/prototype-keys";

const email = (status: string) => proEndedEmail({ name: "Ada", status, billingUrl: "https://app.example.com/dashboard/billing" });

describe("the Pro-ended email", () => {
  it("says why Pro ended", () => {
    expect(email("unpaid").text).toContain("Hi Ada, we could not collect the payment");
  });

  it.each(["incomplete_expired", ...PROTOTYPE_KEYS])("says only that the subscription ended for a status it has no words for (%j)", (status) => {
    expect(email(status).text).toContain("Hi Ada, your subscription has ended. Your account is now on the Free plan");
  });
});
