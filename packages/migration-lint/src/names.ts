// Object names as the parser returns them: unquoted identifiers already folded to lower case,
// quoted ones verbatim. A name without a schema is taken to be in "public" (the schema Prisma
// migrates by default), so "public"."User" and "User" are the same table.
import type { Node, RangeVar } from "libpg-query";

const DEFAULT_SCHEMA = "public";

export interface QualifiedName {
  schema: string;
  name: string;
}

export function relationName(relation: RangeVar | undefined): QualifiedName {
  return { schema: relation?.schemaname ?? DEFAULT_SCHEMA, name: relation?.relname ?? "" };
}

/** A dotted name given as a list of String nodes (DROP objects, type names). */
export function listName(parts: readonly string[]): QualifiedName {
  const name = parts.at(-1) ?? "";
  return { schema: parts.length > 1 ? parts.at(-2)! : DEFAULT_SCHEMA, name };
}

export function strings(nodes: readonly Node[] | undefined): string[] {
  return (nodes ?? []).flatMap((node) => ("String" in node && node.String.sval !== undefined ? [node.String.sval] : []));
}

export function key(name: QualifiedName) {
  return `${name.schema}.${name.name}`;
}

export function quote(identifier: string) {
  return `"${identifier.replaceAll('"', '""')}"`;
}

/** As it would be written in SQL; the default schema is left out, as Prisma writes it. */
export function show(name: QualifiedName, column?: string) {
  const table = name.schema === DEFAULT_SCHEMA ? quote(name.name) : `${quote(name.schema)}.${quote(name.name)}`;
  return column === undefined ? table : `${table}.${quote(column)}`;
}
