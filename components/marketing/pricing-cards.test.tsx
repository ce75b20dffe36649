// The pricing cards say how each plan is priced: Pro per member (its Stripe quantity is the member count).
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { PricingCards } from "@/components/marketing/pricing-cards";

describe("PricingCards", () => {
  it("prices Pro per member, monthly and yearly, and Free as a flat $0", () => {
    const html = renderToStaticMarkup(<PricingCards headingLevel={2} />);
    const [free, pro] = html.split("</li>").filter((card) => card.includes("<h2"));
    expect(pro).toContain("$19<");
    expect(pro).toContain(" per member / month");
    expect(pro).toContain("or $190 per member / year");
    expect(free).toContain("$0<");
    expect(free).not.toContain("per member");
  });
});
