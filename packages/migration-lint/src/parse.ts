// A migration file → its statements and db-check's comments, through libpg-query: PostgreSQL's own
// parser and scanner, so quoting, dollar-quoting and nested comments are read exactly as the server
// reads them. The scanner (a token list of the whole file, 3–4 times the parser's cost) runs only
// where the parse tree does not tell: on a file that mentions db-check: (its comments are read), and on a
// last statement without its `;` (where it ends).
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
  /** The comments that mention `db-check:` (directives, well-formed or not): the only ones db-check reads. */
  directiveComments: Comment[];
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

const DIRECTIVE_MARK = "db-check:";

export async function parseMigration(sql: string, file: string): Promise<ParsedMigration> {
  await loadModule();
  // The parser rejects an empty string outright; an empty file is simply a migration without statements.
  if (sql === "") return { statements: [], directiveComments: [] };
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

  const bytes = Buffer.from(sql, "utf8");
  const lines = lineIndex(bytes);
  const statements = rawStatements.flatMap((raw): Statement[] => {
    if (!raw.stmt) return []; // an empty statement (`;;`)
    // stmt_location may point at whitespace or comments before the statement (both stmt_location and
    // stmt_len are protobuf defaults, omitted when 0). stmt_len runs to the `;` that ends the statement;
    // 0 means "up to the end of the text": only the last statement can lack its `;`.
    const start = skipBlanks(bytes, raw.stmt_location ?? 0);
    const end = raw.stmt_len ? (raw.stmt_location ?? 0) + raw.stmt_len + 1 : start + lastTokenEnd(bytes.subarray(start).toString("utf8"));
    const statement: Statement = { node: raw.stmt, line: lines(start), endLine: lines(end - 1), start, end };
    if ("DoStmt" in raw.stmt) {
      const source = bytes.subarray(start, end).toString("utf8");
      statement.block = readDoBlock(raw.stmt.DoStmt, source, lines);
    }
    return [statement];
  });
  return { statements, directiveComments: sql.includes(DIRECTIVE_MARK) ? directiveComments(sql, lines) : [] };
}

/** The comments mentioning db-check:, each marked trailing when code precedes it on its line. */
function directiveComments(sql: string, lines: (offset: number) => number): Comment[] {
  let lastCodeLine = 0;
  const comments: Comment[] = [];
  for (const token of scanSync(sql).tokens) {
    const line = lines(token.start);
    if (!COMMENT_TOKENS.has(token.tokenName)) lastCodeLine = lines(token.end - 1);
    else if (token.text.includes(DIRECTIVE_MARK)) comments.push({ text: token.text, line, start: token.start, trailing: lastCodeLine === line });
  }
  return comments;
}

/** The byte offset where the last token of a statement's text ends (trailing comments and whitespace excluded). */
function lastTokenEnd(statement: string) {
  return scanSync(statement).tokens.findLast((token) => !COMMENT_TOKENS.has(token.tokenName))?.end ?? 0;
}

const SLASH = 0x2f;
const STAR = 0x2a;
const DASH = 0x2d;

/**
 * The offset of the next token at or after `offset`, past whitespace and comments — PostgreSQL's
 * scanner rules: whitespace is [ \t\n\v\f\r]; `--` runs to the end of the line; `/* … *\/` nests.
 * Only called where nothing else can stand: between a `;` and the next statement.
 */
function skipBlanks(bytes: Uint8Array, offset: number): number {
  let at = offset;
  while (at < bytes.length) {
    const byte = bytes[at]!;
    if (byte === 0x20 || (byte >= 0x09 && byte <= 0x0d)) at++;
    else if (byte === DASH && bytes[at + 1] === DASH) {
      while (at < bytes.length && bytes[at] !== 0x0a && bytes[at] !== 0x0d) at++;
    } else if (byte === SLASH && bytes[at + 1] === STAR) {
      let depth = 1;
      at += 2;
      while (at < bytes.length && depth > 0) {
        const pair = bytes[at] === SLASH && bytes[at + 1] === STAR ? 1 : bytes[at] === STAR && bytes[at + 1] === SLASH ? -1 : 0;
        depth += pair;
        at += pair === 0 ? 1 : 2;
      }
    } else break;
  }
  return at;
}

/** Maps a UTF-8 byte offset to its 1-based line. */
function lineIndex(bytes: Uint8Array) {
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
