// The transaction a migration runs in. Prisma sends a migration file as one multi-statement batch, which
// PostgreSQL runs as one implicit transaction: statements that cannot run in a transaction block (or a function),
// transaction control written into the file, and locks taken without a lock_timeout all follow from that.
import { parseSync, type CreateFunctionStmt, type Node } from "libpg-query";
import { readPlpgsql } from "../do-blocks.ts";
import { relationName, show, strings } from "../names.ts";
import { ACCESS_EXCLUSIVE_LOCK, alterTableLock, LOCK_MODES, SHARE_LOCK } from "../schema-model.ts";
import { concurrentStatement } from "./indexes.ts";
import { existingTableCommands, hasOption, type Rule, type RuleContext } from "./rule.ts";

const CONCURRENTLY = /\bconcurrently\b/i;

/** The option of CREATE FUNCTION named `name`, as a string (language) or list of strings (as). */
function option(node: CreateFunctionStmt, name: string): Node | undefined {
  for (const option of node.options ?? []) if ("DefElem" in option && option.DefElem.defname === name) return option.DefElem.arg;
  return undefined;
}

/** The statements a function body would run, read without running it; `computed` holds EXECUTE strings built at run time. */
function functionBody(node: CreateFunctionStmt): { statements: Node[]; computed: string[] } {
  if (node.sql_body) return { statements: nested(node.sql_body), computed: [] };
  const languageNode = option(node, "language");
  const language = languageNode && "String" in languageNode ? languageNode.String.sval : "sql";
  const as = option(node, "as");
  const body = as && "List" in as ? strings(as.List.items)[0] : undefined;
  if (body === undefined) return { statements: [], computed: [] };
  if (language === "plpgsql") {
    // The PL/pgSQL parser reads a whole CREATE FUNCTION: the body goes back between dollar quotes it does not contain.
    let tag = "$db_check$";
    while (body.includes(tag)) tag = `${tag.slice(0, -1)}_$`;
    const block = readPlpgsql(`CREATE FUNCTION db_check_body() RETURNS void LANGUAGE plpgsql AS ${tag}${body}${tag}`, 1);
    return { statements: block.statements.map((statement) => statement.node), computed: block.unchecked.flatMap((u) => (u.query ? [u.query] : [])) };
  }
  if (language !== "sql") return { statements: [], computed: [body] };
  try {
    return { statements: (parseSync(body).stmts ?? []).flatMap((raw) => (raw.stmt ? [raw.stmt] : [])), computed: [] };
  } catch {
    return { statements: [], computed: [body] };
  }
}

/** The statements of a BEGIN ATOMIC body (a list of lists of statements). */
function nested(tree: Node): Node[] {
  const items = "List" in tree ? (tree.List.items ?? []) : [];
  return items.flatMap((item) => ("List" in item ? nested(item) : [item]));
}

export const concurrentlyInFunction: Rule = {
  id: "concurrently-in-function",
  check(node, { inBlock }) {
    let where: string;
    let kinds: string[];
    if (inBlock) {
      const kind = concurrentStatement(node);
      if (!kind) return [];
      where = "a DO block";
      kinds = [kind];
    } else if ("CreateFunctionStmt" in node) {
      const { statements, computed } = functionBody(node.CreateFunctionStmt);
      kinds = statements.flatMap((statement) => concurrentStatement(statement) ?? []);
      if (computed.some((text) => CONCURRENTLY.test(text))) kinds.push("a statement with CONCURRENTLY");
      if (!kinds.length) return [];
      where = node.CreateFunctionStmt.is_procedure ? "a procedure" : "a function";
    } else {
      return [];
    }
    return [
      {
        message:
          `Runs ${kinds.join(", ")} inside ${where}: PostgreSQL refuses it there ("cannot be executed from a function" / "cannot run ` +
          `inside a transaction block"), so the ${inBlock ? "migration" : "function"} fails whenever it reaches that statement.`,
        alternative:
          `Write the statement as plain SQL, alone in a migration file of its own (create it with \`npm run db:migrate -- --create-only\`): ` +
          `that is the only place Prisma runs it outside a transaction block.`,
      },
    ];
  },
};

// A BEGIN alone changes nothing (the batch is one transaction either way); what ends the transaction does.
const ENDING = new Set(["TRANS_STMT_COMMIT", "TRANS_STMT_ROLLBACK", "TRANS_STMT_PREPARE", "TRANS_STMT_COMMIT_PREPARED"]);

export const transactionControl: Rule = {
  id: "transaction-control",
  check(node, { inBlock }) {
    if (!("TransactionStmt" in node) || inBlock || !ENDING.has(node.TransactionStmt.kind ?? "")) return [];
    const kind = (node.TransactionStmt.kind ?? "").replace("TRANS_STMT_", "").replace("_", " ");
    return [
      {
        message:
          `${kind} in a Prisma migration file (Prisma itself writes BEGIN … COMMIT around an enum change): Prisma sends the file as one ` +
          `batch, which PostgreSQL runs as one transaction, and the ${kind} ends it there — what came before is committed whatever ` +
          `happens after, so a later failure leaves the migration half applied, which \`prisma migrate deploy\` then refuses to re-run (P3009).`,
        alternative: `Delete the BEGIN and ${kind} lines: the file is one transaction already, and all of it commits or none does.`,
      },
    ];
  },
};

/** The table and lock of a statement that waits for a lock blocking the running release's writes (SHARE or stronger). */
function blockingLock(node: Node, context: RuleContext) {
  const commands = existingTableCommands(node, context);
  if (commands.length) {
    const mode = Math.max(...commands.map(({ cmd }) => alterTableLock(cmd)));
    return mode >= SHARE_LOCK ? { table: commands[0]!.table, mode } : undefined;
  }
  if ("IndexStmt" in node && !node.IndexStmt.concurrent) {
    const table = relationName(node.IndexStmt.relation);
    return context.model.isNew(table) ? undefined : { table, mode: SHARE_LOCK };
  }
  if ("LockStmt" in node && (node.LockStmt.mode ?? ACCESS_EXCLUSIVE_LOCK) >= SHARE_LOCK) {
    const relation = node.LockStmt.relations?.[0];
    const table = relation && "RangeVar" in relation ? relationName(relation.RangeVar) : undefined;
    return table && !context.model.isNew(table) ? { table, mode: node.LockStmt.mode ?? ACCESS_EXCLUSIVE_LOCK } : undefined;
  }
  return undefined;
}

export const lockTimeout: Rule = {
  id: "lock-timeout",
  check(node, context) {
    // Once per migration: at its first such statement (a blocking lock held already means an earlier one was reported).
    if (context.model.lockTimeoutSet || context.model.holdsBlockingLock()) return [];
    const lock = blockingLock(node, context);
    if (!lock) return [];
    return [
      {
        message:
          `Takes ${LOCK_MODES[lock.mode]} on ${show(lock.table)} with no lock_timeout set earlier in the migration: if a long query holds ` +
          `the table, the migration waits for it — and every read and write of the running release queues behind the migration, for as ` +
          `long as that query runs.`,
        alternative:
          `Start the migration with SET lock_timeout = '5s'; (a lock it cannot get then fails the migration, which you retry) — or set it ` +
          `once for the role that migrates (ALTER ROLE … SET lock_timeout = '5s') and turn this rule off in db-check.config.json.`,
      },
    ];
  },
};

export const statementTimeout: Rule = {
  id: "statement-timeout",
  check(node, context) {
    // Once per migration, like lock-timeout: at the first statement that holds a lock blocking the running release.
    if (context.model.statementTimeoutSet || context.model.holdsBlockingLock()) return [];
    const lock = blockingLock(node, context);
    if (!lock) return [];
    return [
      {
        message:
          `Takes ${LOCK_MODES[lock.mode]} on ${show(lock.table)} with no statement_timeout set earlier in the migration: once it has the ` +
          `lock, a statement that runs longer than expected (a scan or rewrite of a table grown larger than in testing) holds every read ` +
          `and write of the running release for as long as it runs.`,
        alternative:
          `Start the migration with SET statement_timeout = '30s'; sized for its slowest statement under lock — or set it for the role ` +
          `that migrates and leave this rule off. A statement timeout also cancels long work that blocks nothing (CREATE INDEX ` +
          `CONCURRENTLY, VALIDATE CONSTRAINT): give such migrations a larger one, or none.`,
      },
    ];
  },
};

/** The CONCURRENTLY forms a release before their first one refuses (a syntax error: the migration fails). */
function concurrentForm(node: Node): { what: string; since: number } | undefined {
  if ("ReindexStmt" in node && hasOption(node.ReindexStmt.params, "concurrently")) return { what: "REINDEX … CONCURRENTLY", since: 12 };
  const detaches =
    "AlterTableStmt" in node &&
    (node.AlterTableStmt.cmds ?? []).some((cmd) => {
      if (!("AlterTableCmd" in cmd) || cmd.AlterTableCmd.subtype !== "AT_DetachPartition") return false;
      const def = cmd.AlterTableCmd.def;
      return !!def && "PartitionCmd" in def && def.PartitionCmd.concurrent === true;
    });
  return detaches ? { what: "DETACH PARTITION … CONCURRENTLY", since: 14 } : undefined;
}

export const concurrentlyUnsupported: Rule = {
  id: "concurrently-unsupported",
  check(node, { settings }) {
    const version = settings.postgres;
    const form = version && concurrentForm(node);
    if (!version || !form || version.major >= form.since) return [];
    return [
      {
        message: `${form.what} exists from PostgreSQL ${form.since} on; on PostgreSQL ${version.major}.${version.minor} the statement does not parse and the migration fails.`,
        alternative:
          form.since === 12
            ? `CREATE INDEX CONCURRENTLY a copy of the index, then DROP INDEX CONCURRENTLY the old one, each alone in a migration file — or upgrade first.`
            : `Detach it without CONCURRENTLY in a planned window (it takes ACCESS EXCLUSIVE on the parent), or upgrade first.`,
      },
    ];
  },
};

export const concurrentlyPg14Bug: Rule = {
  id: "concurrently-pg14-bug",
  check(node, { settings }) {
    const version = settings.postgres;
    if (!version || version.major !== 14 || version.minor > 3) return [];
    const concurrent = ("IndexStmt" in node && node.IndexStmt.concurrent) || ("ReindexStmt" in node && hasOption(node.ReindexStmt.params, "concurrently"));
    if (!concurrent) return [];
    return [
      {
        message:
          `${"IndexStmt" in node ? "CREATE INDEX" : "REINDEX"} CONCURRENTLY on PostgreSQL ${version.major}.${version.minor}: releases 14.0 to ` +
          `14.3 can build the index silently corrupted (rows changed during the build missing from it), and queries then return wrong results.`,
        alternative: `Upgrade to PostgreSQL 14.4 or later first (then REINDEX CONCURRENTLY the indexes built on 14.0–14.3), or build the index without CONCURRENTLY in a planned window.`,
      },
    ];
  },
};
