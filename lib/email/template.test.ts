import { describe, expect, it } from "vitest";
import { THEME_COLORS } from "@/lib/brand";
import { paymentFailedEmail } from "@/lib/email/messages/payment-failed";
import { proEndedEmail } from "@/lib/email/messages/pro-ended";
import { signInEmail } from "@/lib/email/messages/sign-in";
import { renderEmail } from "@/lib/email/template";

describe("renderEmail", () => {
  const email = renderEmail({
    subject: "A subject",
    preview: "The preview line",
    blocks: [
      { kind: "heading", text: "Hello" },
      { kind: "paragraph", text: "One paragraph." },
      { kind: "button", label: "Do it", url: "https://app.example.com/do?a=1&b=2" },
      { kind: "note", text: "Small print." },
    ],
  });

  it("renders every block in the plain-text part, links written out, signed with the product's name", () => {
    expect(email.text).toBe("Hello\n=====\n\nOne paragraph.\n\nDo it:\nhttps://app.example.com/do?a=1&b=2\n\nSmall print.\n\n— Acme SaaS\n");
  });

  it("renders the same blocks as HTML in the product's colours, with the link as a button and written out", () => {
    expect(email.subject).toBe("A subject");
    expect(email.html).toContain("<title>A subject</title>");
    expect(email.html).toContain("The preview line");
    expect(email.html).toContain(">Hello</h1>");
    expect(email.html).toContain(">One paragraph.</p>");
    expect(email.html.match(/href="https:\/\/app\.example\.com\/do\?a=1&amp;b=2"/g)).toHaveLength(2);
    expect(email.html).toContain(`background:${THEME_COLORS.primary.light}`);
    expect(email.html).toContain(">Acme SaaS</td>");
  });

  it("escapes what it is given, so a user's name cannot inject markup", () => {
    const html = proEndedEmail({ name: '<img src=x onerror="alert(1)">', status: "canceled", billingUrl: "https://app.example.com/dashboard/billing" }).html;
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
  });
});

describe("the messages", () => {
  it("sign-in: the link, how long it works, and what to do if it was not asked for", () => {
    const url = "https://app.example.com/api/auth/callback/email?token=abc&email=a%40example.com";
    const email = signInEmail({ url, expires: new Date(Date.now() + 24 * 3_600_000) });
    expect(email.subject).toBe("Sign in to Acme SaaS");
    expect(email.text).toContain(`Sign in:\n${url}\n`);
    expect(email.text).toContain("expires in 24 hours");
    expect(email.text).toContain("If you did not ask to sign in");
    expect(email.html).toContain(`href="${url.replace("&", "&amp;")}"`);
  });

  it("payment failed: the amount, the next attempt and the card link", () => {
    const email = paymentFailedEmail({
      name: "Ada",
      amountDue: 19_000,
      currency: "eur",
      nextPaymentAttempt: new Date("2027-03-04T10:00:00Z"),
      updatePaymentUrl: "https://app.example.com/dashboard/billing/portal",
    });
    expect(email.text).toContain("we could not charge €190.00");
    expect(email.text).toContain("we will try the payment again on March 4, 2027");
    expect(email.text).toContain("Update your card:\nhttps://app.example.com/dashboard/billing/portal");
  });
});
