/**
 * The keys every plain object answers without having them (`constructor`, `toString`, `__proto__`…):
 * what a client sends to find a lookup that trusts `table[key]` (lib/lookup.ts).
 */
export const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype);
