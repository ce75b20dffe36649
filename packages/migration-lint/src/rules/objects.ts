// Names the running release uses besides tables and columns: schemas, types, views, functions, sequences.
// Moving or renaming them (SET SCHEMA, ALTER SCHEMA … RENAME, ALTER TYPE … RENAME TO) or dropping them breaks
// the deployed code just as a column rename or drop does.
import type { Node, RangeVar } from "libpg-query";
import { listName, quote, relationName, show, strings, type QualifiedName } from "../names.ts";
import { existingTableCommands, type Rule } from "./rule.ts";

const OLD_CODE_FAILS = "The deployed code keeps using the old name and fails from the moment this runs until the new release is live.";

export const renameSchema: Rule = {
  id: "rename-schema",
  check(node) {
    if (!("RenameStmt" in node) || node.RenameStmt.renameType !== "OBJECT_SCHEMA") return [];
    const { subname, newname } = node.RenameStmt;
    return [
      {
        message: `Renames schema ${quote(subname ?? "")} to ${quote(newname ?? "")}: every table, type and function in it moves. ${OLD_CODE_FAILS}`,
        alternative:
          `Keep the schema's name (the datasource's ?schema= names it), or move objects one at a time with expand-contract; drop the old ` +
          `schema in a later release's contract migration.`,
      },
    ];
  },
};

export const renameType: Rule = {
  id: "rename-type",
  check(node, { model, plan, position }) {
    let type: QualifiedName;
    let to: string;
    if ("RenameStmt" in node && node.RenameStmt.renameType === "OBJECT_TYPE" && node.RenameStmt.object && "List" in node.RenameStmt.object) {
      type = listName(strings(node.RenameStmt.object.List.items));
      to = quote(node.RenameStmt.newname ?? "");
    } else if ("AlterObjectSchemaStmt" in node && node.AlterObjectSchemaStmt.objectType === "OBJECT_TYPE" && node.AlterObjectSchemaStmt.object) {
      const object = node.AlterObjectSchemaStmt.object;
      type = listName("List" in object ? strings(object.List.items) : "TypeName" in object ? strings(object.TypeName.names) : []);
      to = `schema ${quote(node.AlterObjectSchemaStmt.newschema ?? "")}`;
    } else {
      return [];
    }
    // Created by this migration, or handed on to a new type of the same name (what migrate dev writes to
    // recreate an enum: drop-enum-value judges what changes).
    if (model.isNewEnum(type) || plan.createsType(type, position)) return [];
    return [
      {
        message: `Renames type ${show(type)} to ${to}: Prisma Client casts enum parameters to the type by name (${show(type)}). ${OLD_CODE_FAILS}`,
        alternative: `Keep the type's name in the database and rename the enum only in schema.prisma with @@map("${type.name}") (no migration).`,
      },
    ];
  },
};

export const renameTableSchema: Rule = {
  id: "rename-table",
  check(node, { model }) {
    if (!("AlterObjectSchemaStmt" in node) || node.AlterObjectSchemaStmt.objectType !== "OBJECT_TABLE") return [];
    const table = relationName(node.AlterObjectSchemaStmt.relation);
    if (model.isNew(table)) return [];
    return [
      {
        message:
          `Moves table ${show(table)} to schema ${quote(node.AlterObjectSchemaStmt.newschema ?? "")} (SET SCHEMA): the deployed code keeps ` +
          `querying ${show(table)} and fails from the moment this runs until the new release is live.`,
        alternative: `Create the table in the new schema, write to both, copy the rows in batches, switch reads, then drop the old one in a later release.`,
      },
    ];
  },
};

const DROPPED_OBJECTS: Partial<Record<string, string>> = {
  OBJECT_VIEW: "view",
  OBJECT_MATVIEW: "materialized view",
  OBJECT_FUNCTION: "function",
  OBJECT_PROCEDURE: "procedure",
  OBJECT_SEQUENCE: "sequence",
};

// Renamed or moved to another schema, a view or function is gone under the name the running release calls. (A
// sequence is not: column defaults reference it by OID, nextval('…'::regclass), and survive its rename.)
const RENAMED_OBJECTS: Partial<Record<string, string>> = {
  OBJECT_VIEW: "view",
  OBJECT_MATVIEW: "materialized view",
  OBJECT_FUNCTION: "function",
  OBJECT_PROCEDURE: "procedure",
};

/** A RENAME TO or SET SCHEMA of a view or function: its kind, name and where it goes. */
function renamedObject(node: Node): { type: string; kind: string; name: QualifiedName; to: string } | undefined {
  let type: string | undefined;
  let relation: RangeVar | undefined;
  let object: Node | undefined;
  let to: string;
  if ("RenameStmt" in node) {
    ({ renameType: type, relation, object } = node.RenameStmt);
    to = quote(node.RenameStmt.newname ?? "");
  } else if ("AlterObjectSchemaStmt" in node) {
    ({ objectType: type, relation, object } = node.AlterObjectSchemaStmt);
    to = `schema ${quote(node.AlterObjectSchemaStmt.newschema ?? "")}`;
  } else {
    return undefined;
  }
  const kind = RENAMED_OBJECTS[type ?? ""];
  if (!kind || !type) return undefined;
  const name = relation ? relationName(relation) : object && "ObjectWithArgs" in object ? listName(strings(object.ObjectWithArgs.objname)) : undefined;
  return name && { type, kind, name, to };
}

export const dropObject: Rule = {
  id: "drop-object",
  check(node, { model }) {
    const renamed = renamedObject(node);
    if (renamed && !model.createdHere(renamed.type, renamed.name)) {
      return [
        {
          message: `Renames ${renamed.kind} ${show(renamed.name)} to ${renamed.to}: for the running release, which calls it by name, it is dropped. ${OLD_CODE_FAILS}`,
          alternative:
            `Create it under the new name beside the old one (an expand migration), switch the code to it, then drop the old one in a ` +
            `later release's contract migration (a line "-- db-check:phase contract").`,
        },
      ];
    }
    if (!("DropStmt" in node)) return [];
    const kind = DROPPED_OBJECTS[node.DropStmt.removeType ?? ""];
    if (!kind) return [];
    return (node.DropStmt.objects ?? []).flatMap((object) => {
      const parts = "List" in object ? strings(object.List.items) : "ObjectWithArgs" in object ? strings(object.ObjectWithArgs.objname) : [];
      const name = listName(parts);
      if (model.createdHere(node.DropStmt.removeType!, name)) return [];
      return [
        {
          message:
            `Drops ${kind} ${show(name)}: the running release may still use it (a sequence: the column default that inserts ids; a ` +
            `view or function: its queries), and fails from the moment this runs until the new release is live.`,
          alternative: `Stop using it in one release, then drop it in a later release's contract migration (a line "-- db-check:phase contract").`,
        },
      ];
    });
  },
};

export const dropNotNull: Rule = {
  id: "drop-not-null",
  check(node, context) {
    return existingTableCommands(node, context).flatMap(({ table, cmd }) => {
      if (cmd.subtype !== "AT_DropNotNull" || !cmd.name || context.model.isNewColumn(table, cmd.name)) return [];
      return [
        {
          message:
            `Makes ${show(table, cmd.name)} nullable: the running release's Prisma Client types the field as required, so once the new ` +
            `release writes NULL there, old instances still serving (a rolling deploy) or a rollback fail on every row they read back.`,
          alternative:
            `Ship the code that reads the field as optional first (a release that tolerates NULL and still writes a value), then the ` +
            `migration and the code that writes NULL.`,
        },
      ];
    });
  },
};
