// How the app writes amounts and dates to people, in pages and emails alike.

/** An amount in the currency's smallest unit (as Stripe gives it), e.g. 1900 usd → "$19.00". */
export function formatAmount(amount: number, currency: string) {
  const format = new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() });
  // Zero-decimal currencies (JPY, KRW…) have no minor unit: Stripe sends them as they are.
  return format.format(amount / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
}

/** "January 15, 2027" */
export function formatDate(value: Date) {
  return value.toLocaleDateString("en-US", { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });
}

/** "Jan 15, 2027": where a table's column has little room. */
export function shortDate(value: Date) {
  return value.toLocaleDateString("en-US", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
}

/** "Jan 15": a day of a chart's axis, in UTC. */
export function monthDay(value: Date) {
  return value.toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
}

/** "1,234" */
export function formatCount(value: number) {
  return value.toLocaleString("en-US");
}

/** "Jan 15, 2027, 9:30 AM UTC" */
export function dateTime(value: Date): string {
  return `${value.toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })} UTC`;
}

/** "2 minutes ago", "yesterday", "3 months ago": how long before `now`; "just now" under a minute. */
export function timeAgo(value: Date, now = new Date()): string {
  const seconds = Math.round((value.getTime() - now.getTime()) / 1000);
  if (Math.abs(seconds) < 60) return "just now";
  const [unit, size] = TIME_UNITS.find(([, size]) => Math.abs(seconds) >= size) ?? TIME_UNITS.at(-1)!;
  // Whole units elapsed: 90 minutes is "1 hour ago", as a clock would say it.
  return RELATIVE.format(Math.trunc(seconds / size), unit);
}

const RELATIVE = new Intl.RelativeTimeFormat("en-US", { numeric: "auto" });
const TIME_UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];
