// Every migration belongs to a release phase. An **expand** migration (the default) only adds: it runs
// before the new release is built, while the previous release still serves traffic, so that release
// must keep working on it. A **contract** migration removes or tightens what the new release no longer
// uses: it runs after the new release is live. A contract migration says so on a line of its own:
//
//   -- db-check:phase contract
//
// db-check enforces what each phase may contain; `npm run db:deploy -- --phase …` applies them in turn.

export type MigrationPhase = "expand" | "contract";

export const PHASES: readonly MigrationPhase[] = ["expand", "contract"];

export const CONTRACT_DIRECTIVE = "-- db-check:phase contract";

export interface PhaseDeclaration {
  phase: MigrationPhase;
  /** 1-based line of the directive; undefined when the migration has none (expand). */
  line?: number;
  /** A malformed or contradictory directive: the migration's phase is unknown until it is fixed. */
  problem?: { line: number; message: string };
}

// Only a line holding nothing but the comment counts, so SQL text that merely mentions it does not.
const DIRECTIVE_LINE = /^[ \t]*--[ \t]*db-check:phase\b(?<value>.*)$/;

export function isPhase(value: string): value is MigrationPhase {
  return (PHASES as readonly string[]).includes(value);
}

/** The phase a migration's SQL declares. */
export function readPhase(sql: string): PhaseDeclaration {
  const found: { line: number; value: string }[] = [];
  for (const [index, text] of sql.split(/\r?\n/).entries()) {
    const match = DIRECTIVE_LINE.exec(text);
    if (match) found.push({ line: index + 1, value: match.groups!.value!.trim() });
  }
  const invalid = found.find(({ value }) => !isPhase(value));
  if (invalid) {
    return {
      phase: "expand",
      problem: {
        line: invalid.line,
        message: `"db-check:phase ${invalid.value}" names no phase: write "${CONTRACT_DIRECTIVE}" on a line of its own, or nothing for an expand migration.`,
      },
    };
  }
  const phases = new Set(found.map(({ value }) => value));
  if (phases.size > 1) {
    return {
      phase: "expand",
      problem: { line: found[1]!.line, message: "The migration declares both phases: a migration is expand or contract, not both. Split it in two." },
    };
  }
  const first = found[0];
  return first ? { phase: first.value as MigrationPhase, line: first.line } : { phase: "expand" };
}
