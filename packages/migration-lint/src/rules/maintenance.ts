// Maintenance commands that lock a whole table while they rebuild it. They belong in a planned
// window (or an online tool), not in a migration that runs on every deploy.
import type { Node } from "libpg-query";
import { quote, relationName, show, type QualifiedName } from "../names.ts";
import type { SchemaModel } from "../schema-model.ts";
import { hasOption, type Hit, type LintSettings, type Rule } from "./rule.ts";

const REINDEX_TARGETS: Partial<Record<string, string>> = {
  REINDEX_OBJECT_INDEX: "index",
  REINDEX_OBJECT_TABLE: "table",
  REINDEX_OBJECT_SCHEMA: "schema",
  REINDEX_OBJECT_DATABASE: "database",
  REINDEX_OBJECT_SYSTEM: "system catalogs",
};

function reindex(node: Node, model: SchemaModel, settings: LintSettings): Hit[] {
  if (!("ReindexStmt" in node) || hasOption(node.ReindexStmt.params, "concurrently")) return [];
  const { kind, relation, name } = node.ReindexStmt;
  const target = REINDEX_TARGETS[kind ?? ""] ?? "object";
  const object = relation ? relationName(relation) : undefined;
  const table = object && target === "index" ? model.indexTable(object) : object;
  if (table && model.isNew(table)) return [];
  const what = object ? `${target} ${show(object)}` : `${target}${name ? ` ${quote(name)}` : ""}`;
  return [
    {
      message:
        `Rebuilds the indexes of ${what} with a plain REINDEX: writes to each table wait for the whole rebuild, and queries ` +
        `that would use a rebuilt index wait too.`,
      alternative:
        settings.postgres && settings.postgres.major < 12
          ? `PostgreSQL ${settings.postgres.major} has no REINDEX CONCURRENTLY (12+): CREATE INDEX CONCURRENTLY a copy of the index, then ` +
            `DROP INDEX CONCURRENTLY the old one, each alone in a migration file — or run it by hand when it is needed.`
          : `REINDEX … CONCURRENTLY (PostgreSQL 12+), alone in a migration file of its own (it cannot run in a transaction) — ` +
            `or run it by hand, outside the migration history, when it is needed.`,
    },
  ];
}

function rewrite(node: Node, model: SchemaModel): Hit[] {
  let command: string;
  let tables: QualifiedName[];
  if ("VacuumStmt" in node && node.VacuumStmt.is_vacuumcmd && hasOption(node.VacuumStmt.options, "full")) {
    command = "VACUUM FULL";
    tables = (node.VacuumStmt.rels ?? []).flatMap((rel) => ("VacuumRelation" in rel ? [relationName(rel.VacuumRelation.relation)] : []));
  } else if ("ClusterStmt" in node) {
    command = "CLUSTER";
    tables = node.ClusterStmt.relation ? [relationName(node.ClusterStmt.relation)] : [];
  } else {
    return [];
  }
  if (tables.length && tables.every((table) => model.isNew(table))) return [];
  const what = tables.length ? tables.map((table) => show(table)).join(", ") : "every table it applies to";
  return [
    {
      message:
        `${command} rewrites ${what} under an ACCESS EXCLUSIVE lock, blocking every read and write until the copy is done ` +
        `(minutes to hours on a large table).`,
      alternative:
        `Leave space reclaim and physical ordering out of migrations: run an online tool such as pg_repack by hand, or ` +
        `${command} in a planned maintenance window.`,
    },
  ];
}

export const blockingMaintenance: Rule = {
  id: "blocking-maintenance",
  check(node, { model, settings }) {
    return [...reindex(node, model, settings), ...rewrite(node, model)];
  },
};
