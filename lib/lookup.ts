// A table keyed by a string from outside — a query parameter, a Stripe status or event type — is
// read through here, never as `table[key]`: a plain object also answers the keys every object
// inherits (`constructor`, `toString`, `__proto__`, `hasOwnProperty`…) with functions and objects,
// which the code expecting an entry of the table then renders, calls or trusts.

/** `table[key]` when `key` is one of the table's own keys; undefined for any other string. */
export function lookup<Value>(table: Readonly<Record<string, Value>>, key: string): Value | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
