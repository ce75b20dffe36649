// Enum values are part of the contract with the running release: Prisma Client writes and reads them
// by name, and casts parameters to the enum type. Renaming a value, or recreating the enum without
// some (what `prisma migrate dev` writes when a value is removed), breaks the release that still
// uses them.
import { listName, show, strings } from "../names.ts";
import type { Rule } from "./rule.ts";

const values = (names: string[]) => names.map((name) => `'${name.replaceAll("'", "''")}'`).join(", ");

export const renameEnumValue: Rule = {
  id: "rename-enum-value",
  check(node, { model }) {
    if (!("AlterEnumStmt" in node) || !node.AlterEnumStmt.oldVal || !node.AlterEnumStmt.newVal) return [];
    const type = listName(strings(node.AlterEnumStmt.typeName));
    if (model.isNewEnum(type)) return [];
    const { oldVal, newVal } = node.AlterEnumStmt;
    return [
      {
        message:
          `Renames the value ${values([oldVal])} of enum ${show(type)} to ${values([newVal])}: the running release still writes ` +
          `${values([oldVal])} (PostgreSQL rejects it: invalid input value for enum) and fails to read rows holding ${values([newVal])}, ` +
          `from the moment this runs until the new release is live.`,
        alternative:
          `Map it instead: keep the value in the database and rename it only in code with @map("${oldVal}") on the enum value in ` +
          `schema.prisma (no migration). Or over releases: ADD VALUE ${values([newVal])} in an expand migration, have the code ` +
          `accept both and write the new one, UPDATE the rows, then recreate the enum without ${values([oldVal])} in a contract migration.`,
      },
    ];
  },
};

export const dropEnumValue: Rule = {
  id: "drop-enum-value",
  check(node, { model }) {
    if (!("DropStmt" in node) || node.DropStmt.removeType !== "OBJECT_TYPE") return [];
    return (node.DropStmt.objects ?? []).flatMap((object) => {
      const type = "TypeName" in object ? listName(strings(object.TypeName.names)) : undefined;
      const existing = type && model.existingEnum(type);
      if (!existing) return [];
      const removed = existing.values.filter((value) => !existing.successor?.includes(value));
      if (!removed.length) return [];
      const what = existing.successor
        ? `Drops enum ${show(type)}, which the migration replaced by a new enum of its original name without ${values(removed)}`
        : `Drops enum ${show(type)} (${values(removed)})`;
      return [
        {
          message:
            `${what}: the running release still writes ${removed.length === 1 ? "that value" : "those values"}, and PostgreSQL ` +
            `rejects ${removed.length === 1 ? "it" : "them"} (invalid input value for enum) from the moment this runs until the new ` +
            `release is live; rows holding ${removed.length === 1 ? "it" : "them"} make the migration's cast fail.`,
          alternative:
            `Two releases: first stop writing ${values(removed)} in code and UPDATE the rows that hold ${removed.length === 1 ? "it" : "them"}; ` +
            `then remove the value${removed.length === 1 ? "" : "s"} from schema.prisma and ship this recreation in a later release's ` +
            `contract migration.`,
        },
      ];
    });
  },
};

/** Whether the statement's tree holds a string constant among `values`. */
function mentions(tree: unknown, values: ReadonlySet<string>): string | undefined {
  if (Array.isArray(tree)) {
    for (const item of tree) {
      const found = mentions(item, values);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (typeof tree !== "object" || tree === null) return undefined;
  if ("A_Const" in tree) {
    const text = (tree.A_Const as { sval?: { sval?: string } }).sval?.sval;
    return text !== undefined && values.has(text) ? text : undefined;
  }
  return mentions(Object.values(tree), values);
}

export const newEnumValueUsed: Rule = {
  id: "new-enum-value-used",
  check(node, { model }) {
    if ("AlterEnumStmt" in node) return [];
    return [...model.addedEnumValues()].flatMap(([type, added]) => {
      const value = mentions(node, added);
      if (value === undefined) return [];
      return [
        {
          message:
            `Uses ${values([value])}, which this migration added to enum ${show(listName(type.split(".")))}: PostgreSQL refuses a value ` +
            `added in the same transaction ("unsafe use of new value"), and Prisma runs the migration file as one transaction.`,
          alternative: `Add the value in one migration (ALTER TYPE … ADD VALUE alone), and use it — defaults, UPDATEs, CHECKs — in a later one.`,
        },
      ];
    });
  },
};
