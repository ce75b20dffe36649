// A DO block runs PL/pgSQL inside the migration's transaction: its statements lock and change tables
// like any other. PostgreSQL's own PL/pgSQL parser (libpg-query's parsePlPgSQL) lists the SQL
// statements of the body, which are linted where they stand. What cannot be read without running it —
// EXECUTE of a computed string, another language, a body that does not parse — is reported as not
// checked, never passed over in silence.
import { parsePlPgSQLSync, parseSync, type DoStmt, type Node } from "libpg-query";
import type { Finding, RuleId } from "./types.ts";

/** Acknowledgeable like a rule's finding, once someone has read the block. */
export const DO_BLOCK_NOT_CHECKED: RuleId = "do-block-not-checked";

export function doBlockNotChecked(file: string, line: number, reason: string): Finding {
  return {
    file,
    line,
    rule: DO_BLOCK_NOT_CHECKED,
    message:
      `Not checked: ${reason}. What it runs can lock or rewrite tables, or drop what the running release uses, like any other ` + `statement of the migration.`,
    alternative:
      `Write the statements out as plain SQL (db-check also reads a DO block's static statements and EXECUTE of a constant string), ` +
      `or review the block and acknowledge it: -- db-check:allow ${DO_BLOCK_NOT_CHECKED} reason: <what it runs, and why that is safe>.`,
  };
}

export interface DoBlock {
  /** The SQL statements of the body, in text order, with their line in the migration file. */
  statements: { node: Node; line: number }[];
  /** What db-check could not read, with its line (and the statement's text, when there is one). */
  unchecked: { line: number; reason: string; query?: string }[];
}

/** One PL/pgSQL statement that carries SQL: run as written, or EXECUTEd from a string expression. */
interface EmbeddedSql {
  query: string;
  dynamic: boolean;
  /** 1-based, counted from the line where the body's opening quote stands. */
  lineno: number;
}

const DYNAMIC_STATEMENTS = ["PLpgSQL_stmt_dynexecute", "PLpgSQL_stmt_dynfors"];

function embeddedSql(tree: unknown, found: EmbeddedSql[] = []): EmbeddedSql[] {
  if (Array.isArray(tree)) {
    for (const item of tree) embeddedSql(item, found);
    return found;
  }
  if (typeof tree !== "object" || tree === null) return found;
  for (const [kind, value] of Object.entries(tree)) {
    const statement = value as { lineno?: number; sqlstmt?: Expr; query?: Expr };
    if (kind === "PLpgSQL_stmt_execsql") found.push({ query: queryOf(statement.sqlstmt), dynamic: false, lineno: statement.lineno ?? 1 });
    else if (DYNAMIC_STATEMENTS.includes(kind)) found.push({ query: queryOf(statement.query), dynamic: true, lineno: statement.lineno ?? 1 });
    embeddedSql(value, found);
  }
  return found;
}

type Expr = { PLpgSQL_expr?: { query?: string } } | undefined;
const queryOf = (expr: Expr) => expr?.PLpgSQL_expr?.query ?? "";

/** The text of a string constant expression ('…', E'…', $q$…$q$), or undefined for anything computed. */
function constantString(expression: string): string | undefined {
  try {
    const [statement] = parseSync(`SELECT ${expression}`).stmts ?? [];
    const target = statement?.stmt && "SelectStmt" in statement.stmt ? statement.stmt.SelectStmt.targetList : undefined;
    const value = target?.length === 1 && "ResTarget" in target[0]! ? target[0].ResTarget.val : undefined;
    return value && "A_Const" in value ? value.A_Const.sval?.sval : undefined;
  } catch {
    return undefined;
  }
}

function option(node: DoStmt, name: string): { value: string; location: number } | undefined {
  for (const arg of node.args ?? []) {
    if ("DefElem" in arg && arg.DefElem.defname === name && arg.DefElem.arg && "String" in arg.DefElem.arg) {
      return { value: arg.DefElem.arg.String.sval ?? "", location: arg.DefElem.location ?? 0 };
    }
  }
  return undefined;
}

/** Reads a DO statement. `source` is its text; `lineAt` maps a byte offset in the migration file (the parser's unit) to its line. */
export function readDoBlock(node: DoStmt, source: string, lineAt: (offset: number) => number): DoBlock {
  const language = option(node, "language")?.value ?? "plpgsql";
  const body = option(node, "as");
  const bodyLine = lineAt(body?.location ?? 0);
  if (language !== "plpgsql")
    return { statements: [], unchecked: [{ line: bodyLine, reason: `the block is written in ${language}, which db-check cannot read` }] };
  return readPlpgsql(source, bodyLine);
}

/**
 * The SQL statements of a PL/pgSQL body — `source` is the DO or CREATE FUNCTION statement holding it, `bodyLine`
 * the line of its opening quote — and what could not be read (a computed EXECUTE keeps its text in `query`).
 */
export function readPlpgsql(source: string, bodyLine: number): DoBlock {
  let tree: unknown;
  try {
    tree = parsePlPgSQLSync(source);
  } catch (error) {
    return { statements: [], unchecked: [{ line: bodyLine, reason: `its PL/pgSQL body does not parse (${(error as Error).message})` }] };
  }
  const block: DoBlock = { statements: [], unchecked: [] };
  for (const { query, dynamic, lineno } of embeddedSql(tree)) {
    const line = bodyLine + lineno - 1;
    const sql = dynamic ? constantString(query) : query;
    if (sql === undefined) {
      block.unchecked.push({ line, reason: `EXECUTE runs a statement computed at run time (${query.replace(/\s+/g, " ").slice(0, 80)})`, query });
      continue;
    }
    try {
      for (const { stmt } of parseSync(sql).stmts ?? []) if (stmt) block.statements.push({ node: stmt, line });
    } catch (error) {
      block.unchecked.push({ line, reason: `a statement of the block does not parse on its own (${(error as Error).message})`, query: sql });
    }
  }
  return block;
}
