// A migration file → its statements and comments, through libpg-query: PostgreSQL's own parser and
// scanner, so quoting, dollar-quoting and nested comments are read exactly as the server reads them.
import { hasSqlDetails, loadModule, parseSync, scanSync, type Node } from "libpg-query";
import { readDoBlock, type DoBlock } from "./do-blocks.ts";

export interface Statement {
  node: Node;
  /** 1-based line of the statement's first token (leading whitespace and comments skipped). */
  line: number;
  endLine: number;
  /** UTF-8 byte offsets (the parser's unit): first token, end of the last token (its `;` included). */
  start: number;
  end: number;
  /** A DO statement's body, read as SQL statements. */
  block?: DoBlock;
}

export interface Comment {
  /** As written, with its `--` or `/* … *\/` delimiters. */
  text: string;
  line: number;
  start: number;
  /** Code precedes it on its line. */
  trailing: boolean;
}

export interface ParsedMigration {
  statements: Statement[];
  comments: Comment[];
}

export class MigrationParseError extends Error {
  override name = "MigrationParseError";
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: does not parse: ${reason}`);
  }
}

const COMMENT_TOKENS = new Set(["SQL_COMMENT", "C_COMMENT"]);

export async function parseMigration(sql: string, file: string): Promise<ParsedMigration> {
  await loadModule();
  // The parser rejects an empty string outright; an empty file is simply a migration without statements.
  if (sql === "") return { statements: [], comments: [] };
  let rawStatements;
  try {
    rawStatements = parseSync(sql).stmts ?? [];
  } catch (error) {
    if (!hasSqlDetails(error)) throw error;
    // The cursor position counts characters (code points) from 0, not bytes.
    const before = Array.from(sql)
      .slice(0, error.sqlDetails?.cursorPosition ?? 0)
      .join("");
    throw new MigrationParseError(file, before.split("\n").length, error.message);
  }

  const lines = lineIndex(sql);
  const bytes = Buffer.from(sql, "utf8");
  const tokens = scanSync(sql).tokens;
  const code = tokens.filter((token) => !COMMENT_TOKENS.has(token.tokenName));

  // Statements and tokens both come in text order: one pass over the tokens.
  let next = 0;
  const statements = rawStatements.flatMap((raw): Statement[] => {
    // stmt_location may point at whitespace or comments before the statement; a stmt_len of 0
    // means "up to the end of the text" (both are protobuf defaults, omitted when 0).
    const from = raw.stmt_location ?? 0;
    const to = raw.stmt_len ? from + raw.stmt_len : Infinity;
    while (next < code.length && code[next]!.start < from) next++;
    const first = next;
    while (next < code.length && code[next]!.end <= to) next++;
    if (code[next]?.text === ";") next++; // outside stmt_len, but part of the statement
    if (!raw.stmt || next === first) return [];
    const start = code[first]!.start;
    const end = code[next - 1]!.end;
    const statement: Statement = { node: raw.stmt, line: lines(start), endLine: lines(end - 1), start, end };
    if ("DoStmt" in raw.stmt) {
      const source = bytes.subarray(start, end).toString("utf8");
      statement.block = readDoBlock(raw.stmt.DoStmt, source, lines);
    }
    return [statement];
  });

  let lastCodeLine = 0;
  const comments: Comment[] = [];
  for (const token of tokens) {
    const line = lines(token.start);
    if (COMMENT_TOKENS.has(token.tokenName)) comments.push({ text: token.text, line, start: token.start, trailing: lastCodeLine === line });
    else lastCodeLine = lines(token.end - 1);
  }
  return { statements, comments };
}

/** Maps a UTF-8 byte offset to its 1-based line. */
function lineIndex(sql: string) {
  const bytes = Buffer.from(sql, "utf8");
  const newlines: number[] = [];
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a) newlines.push(i);
  return (offset: number) => {
    let low = 0;
    let high = newlines.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (newlines[mid]! < offset) low = mid + 1;
      else high = mid;
    }
    return low + 1;
  };
}
