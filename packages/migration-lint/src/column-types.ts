// Column types, and which type changes PostgreSQL makes without rewriting the table: the
// binary-compatible ones whose length/precision coercion it can prove is a no-op.
import type { TypeName } from "libpg-query";
import { strings } from "./names.ts";

export interface ColumnType {
  /** Canonical name: "varchar", "numeric", "int4", "timestamp", or a user type such as "Role". */
  name: string;
  /** Type modifiers: varchar(20) → [20], numeric(10,2) → [10, 2]; [] when unconstrained. */
  mods: number[];
  array: boolean;
}

// serial is not a type but a shorthand for an integer column with a sequence default. A Map, since
// type names come from the migration: a type may be called "constructor" or "toString".
const SERIALS = new Map([
  ["smallserial", "int2"],
  ["serial2", "int2"],
  ["serial", "int4"],
  ["serial4", "int4"],
  ["bigserial", "int8"],
  ["serial8", "int8"],
]);

export function isSerial(typeName: TypeName | undefined) {
  const names = strings(typeName?.names);
  return names.length === 1 && SERIALS.has(names[0]!);
}

/** undefined when a modifier is not an integer constant (nothing Prisma writes). */
export function columnType(typeName: TypeName | undefined): ColumnType | undefined {
  // The parser spells SQL-standard names in pg_catalog (integer → pg_catalog.int4); written as
  // `int4` the same type has no schema, so the prefix is dropped to compare them.
  const names = strings(typeName?.names);
  if (names[0] === "pg_catalog") names.shift();
  if (names.length === 0) return undefined;
  const mods: number[] = [];
  for (const mod of typeName?.typmods ?? []) {
    if (!("A_Const" in mod) || !mod.A_Const.ival) return undefined;
    mods.push(mod.A_Const.ival.ival ?? 0); // 0 is a protobuf default, hence omitted
  }
  const name = names.join(".");
  return { name: SERIALS.get(name) ?? name, mods, array: (typeName?.arrayBounds?.length ?? 0) > 0 };
}

export function showType(type: ColumnType) {
  return `${type.name}${type.mods.length ? `(${type.mods.join(",")})` : ""}${type.array ? "[]" : ""}`;
}

const TEMPORAL = new Set(["timestamp", "timestamptz", "time", "timetz"]);
const MAX_TEMPORAL_PRECISION = 6;

/** True when ALTER COLUMN … TYPE from → to (without USING or COLLATE) does not rewrite the table. */
export function isNoRewriteChange(from: ColumnType, to: ColumnType): boolean {
  if (from.array !== to.array) return false;
  const same = from.name === to.name && from.mods.join() === to.mods.join();
  // Arrays of binary-compatible types still go through an element-wise coercion: only identity is known safe.
  if (same || from.array) return same;
  const [fromMod, fromScale = 0] = from.mods;
  const [toMod, toScale = 0] = to.mods;
  const widens = toMod === undefined || (fromMod !== undefined && toMod >= fromMod);
  switch (`${from.name}→${to.name}`) {
    case "varchar→varchar":
    case "varbit→varbit":
      return widens;
    case "varchar→text":
    case "cidr→inet":
      return true;
    case "text→varchar":
      return toMod === undefined;
    case "numeric→numeric":
      return toMod === undefined || (fromMod !== undefined && toMod >= fromMod && toScale === fromScale);
  }
  // interval(p) carries [fields, precision]: dropping the typmod, or raising the precision of the same fields, does not round.
  if (from.name === "interval" && to.name === "interval") {
    return to.mods.length === 0 || (from.mods[0] === to.mods[0] && from.mods[1] !== undefined && (to.mods[1] ?? Infinity) >= from.mods[1]);
  }
  // timestamp(3) → timestamp(6): the precision coercion is a no-op when it does not round.
  return from.name === to.name && TEMPORAL.has(from.name) && (widens || toMod === MAX_TEMPORAL_PRECISION);
}
