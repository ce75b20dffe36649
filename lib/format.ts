// How the dashboard writes an instant for people: in UTC, said so, the same on every page (and the
// same on the server and in the browser, which may be in another time zone).

/** "Jan 15, 2027, 9:30 AM UTC" */
export function dateTime(value: Date): string {
  return `${value.toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })} UTC`;
}
