import { lookup } from "@/lib/lookup";
import { BRAND } from "../brand.ts";
import { renderEmail } from "../template.ts";

export type ProEnded = {
  name: string | null;
  /** The subscription's Stripe status now: why Pro ended. */
  status: string;
  /** The billing page, where the user can subscribe again. */
  billingUrl: string;
};

const WHY: Record<string, string> = {
  canceled: "your subscription was canceled",
  unpaid: "we could not collect the payment for your subscription after several attempts",
  paused: "your trial ended without a payment method",
};

export function proEndedEmail({ name, status, billingUrl }: ProEnded) {
  return renderEmail({
    subject: `Your ${BRAND.name} Pro plan has ended`,
    preview: "Your account is back on the Free plan.",
    blocks: [
      { kind: "heading", text: "Your Pro plan has ended" },
      {
        kind: "paragraph",
        text: `Hi${name ? ` ${name}` : ""}, ${lookup(WHY, status) ?? "your subscription has ended"}. Your account is now on the Free plan: your data stays, with the Free plan's limits.`,
      },
      { kind: "paragraph", text: "You can subscribe again at any time." },
      { kind: "button", label: "Go to billing", url: billingUrl },
      { kind: "note", text: "You receive this email because your subscription changed." },
    ],
  });
}
