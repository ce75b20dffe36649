// How amounts and dates read, in pages and emails alike: in UTC, whatever the server's time zone.
import { describe, expect, it } from "vitest";
import { dateTime, formatAmount, formatDate, shortDate, timeAgo } from "@/lib/format";

describe("formatAmount", () => {
  it("reads Stripe's smallest unit as the currency's amount", () => {
    expect(formatAmount(1900, "usd")).toBe("$19.00");
    expect(formatAmount(1900, "EUR")).toBe("€19.00");
  });

  it("leaves a zero-decimal currency as it is", () => {
    expect(formatAmount(1900, "jpy")).toBe("¥1,900");
  });
});

describe("dates", () => {
  // Late on the 15th in UTC: already the 16th east of it.
  const lateOnThe15th = new Date("2027-01-15T23:30:00Z");

  it("write the UTC day, long, short, and with the time", () => {
    expect(formatDate(lateOnThe15th)).toBe("January 15, 2027");
    expect(shortDate(lateOnThe15th)).toBe("Jan 15, 2027");
    expect(dateTime(lateOnThe15th)).toBe("Jan 15, 2027, 11:30 PM UTC");
  });
});

describe("timeAgo", () => {
  const now = new Date("2027-01-15T12:00:00Z");
  const before = (seconds: number) => new Date(now.getTime() - seconds * 1000);

  it.each([
    [20, "just now"],
    [2 * 60, "2 minutes ago"],
    [90 * 60, "1 hour ago"],
    [150 * 60, "2 hours ago"],
    [26 * 3600, "yesterday"],
    [10 * 24 * 3600, "10 days ago"],
    [70 * 24 * 3600, "2 months ago"],
    [400 * 24 * 3600, "last year"],
  ])("writes %i seconds before now as %j", (seconds, text) => {
    expect(timeAgo(before(seconds), now)).toBe(text);
  });
});
