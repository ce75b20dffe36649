// The documentation stays true to the repository: every relative link and #anchor resolves, every
// `npm run` command exists, every variable of .env.example is read by the code (and the typed
// environment reads none it leaves out), and no "see X above" sends the reader below.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { serverEnvShape } from "@/lib/env";
import { projectRoot } from "./support/prisma-cli.ts";

const read = (file: string) => readFileSync(path.join(projectRoot, file), "utf8");
const markdownIn = (dir: string) =>
  readdirSync(path.join(projectRoot, dir))
    .filter((name) => name.endsWith(".md"))
    .map((name) => path.posix.join(dir, name));
const subfolders = (dir: string) =>
  readdirSync(path.join(projectRoot, dir), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => path.posix.join(dir, entry.name));

/** The Markdown a reader of the repository meets: the front door, the docs, and each folder's README. */
const documents = [
  "README.md",
  "CONTRIBUTING.md",
  ...markdownIn("docs"),
  ...[...subfolders("packages"), ...subfolders("examples"), "prisma/backfills"]
    .map((dir) => path.posix.join(dir, "README.md"))
    .filter((file) => existsSync(path.join(projectRoot, file))),
];

/** A document's lines outside fenced code blocks, with their 1-based numbers. */
function proseLines(text: string) {
  let fence: string | undefined;
  return text.split("\n").flatMap((line, index) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker && (!fence || marker.startsWith(fence))) {
      fence = fence ? undefined : marker;
      return [];
    }
    return fence ? [] : [{ line, number: index + 1 }];
  });
}

/** GitHub's anchor for a heading (github-slugger): lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string) {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1") // a link's text
    .replace(/<[^>]+>/g, "");
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
    .replace(/ /g, "-");
}

/** Each heading's anchor (a repeated one gets -1, -2… as on GitHub) and the line it is on. */
function anchors(text: string) {
  const seen = new Map<string, number>();
  const found = new Map<string, number>();
  for (const { line, number } of proseLines(text)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    const explicit = [...line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)].map((match) => match[1]!);
    for (const id of explicit) found.set(id, number);
    if (heading === undefined) continue;
    const base = slug(heading);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    found.set(count === 0 ? base : `${base}-${count}`, number);
  }
  return found;
}

/** Every link and image of a document's prose (not of its code: spans and blocks). */
function links(text: string) {
  return proseLines(text).flatMap(({ line, number }) => {
    // Brackets inside a code span are code, not a link; the span itself may be a link's text.
    const prose = line.replace(/`[^`]*`/g, (span) => span.replace(/[[\]()]/g, " "));
    const markdown = [...prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((match) => ({ target: match[1]!, at: match.index }));
    const html = [...prose.matchAll(/\s(?:src|href)="([^"]+)"/g)].map((match) => ({ target: match[1]!, at: match.index }));
    return [...markdown, ...html].map(({ target, at }) => ({ target, number, after: prose.slice(at) }));
  });
}

/**
 * "see [X](#x) above", "([X](#x), below)", or a section named in italics, "see *X* above": where each
 * reference says its section is. A name in italics may be the start of its heading (*Timeouts* for
 * "Timeouts: don't let…").
 */
function directionalReferences(text: string) {
  const linked = links(text).flatMap(({ target, number, after }) => {
    const direction = /^\]\([^)]*\)[),]*\s+(above|below)\b/.exec(after)?.[1];
    return direction ? [{ target, number, direction, named: false }] : [];
  });
  const named = proseLines(text).flatMap(({ line, number }) =>
    [...line.matchAll(/(?<![*\w])\*([^*\s][^*]*?)\*[),]*\s+(above|below)\b/g)].map((match) => ({
      target: `#${slug(match[1]!)}`,
      number,
      direction: match[2]!,
      named: true,
    })),
  );
  return [...linked, ...named];
}

const isExternal = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target);

describe("the documentation's links", () => {
  it("covers the README, CONTRIBUTING.md, every page of docs/ and the packages' READMEs", () => {
    expect(documents).toEqual(expect.arrayContaining(["README.md", "CONTRIBUTING.md", "docs/getting-started.md", "packages/migrate/README.md"]));
  });

  it("are checked against the anchors GitHub gives headings", () => {
    const headings = anchors("# Backfills: `npm run db:backfill`\n## Accelerate or a pooled `postgres://` URL?\n```\n# a comment\n```\n## Rules\n### Rules\n");
    expect([...headings.keys()]).toEqual(["backfills-npm-run-dbbackfill", "accelerate-or-a-pooled-postgres-url", "rules", "rules-1"]);
  });

  it("lead to files that exist, and to #anchors those files have", () => {
    const broken = documents.flatMap((file) =>
      links(read(file))
        .filter(({ target }) => !isExternal(target))
        .flatMap(({ target, number }) => {
          const [pathPart, anchor] = target.split("#") as [string, string | undefined];
          const resolved = pathPart ? path.posix.normalize(path.posix.join(path.posix.dirname(file), decodeURI(pathPart))) : file;
          if (!existsSync(path.join(projectRoot, resolved))) return [`${file}:${number}: ${target} (no ${resolved})`];
          if (anchor === undefined) return [];
          if (!resolved.endsWith(".md")) return [`${file}:${number}: ${target} (an anchor into a file that is not Markdown)`];
          return anchors(read(resolved)).has(anchor) ? [] : [`${file}:${number}: ${target} (${resolved} has no heading #${anchor})`];
        }),
    );
    expect(broken).toEqual([]);
  });

  it('never say "above" of a section that is below, or "below" of one that is above, or either of another page', () => {
    const misdirected = documents.flatMap((file) => {
      const text = read(file);
      const headings = anchors(text);
      return directionalReferences(text).flatMap(({ target, number, direction, named }) => {
        if (!target.startsWith("#")) return [`${file}:${number}: ${target} is another page, neither above nor below`];
        const anchor = target.slice(1);
        const line = headings.get(anchor) ?? (named ? [...headings].find(([heading]) => heading.startsWith(`${anchor}-`))?.[1] : undefined);
        if (line === undefined) return []; // a missing anchor is the test above's finding
        const actual = line < number ? "above" : "below";
        return actual === direction ? [] : [`${file}:${number}: ${target} says ${direction}, but the section is ${actual}`];
      });
    });
    expect(misdirected).toEqual([]);
  });
});

describe("the npm run commands the documentation names", () => {
  const scriptsOf = (manifest: string) => Object.keys((JSON.parse(read(manifest)) as { scripts?: Record<string, string> }).scripts ?? {});
  const rootScripts = scriptsOf("package.json");

  it("each exist in the package.json that runs them: the folder's own, or the workspace root's", () => {
    const missing = documents.flatMap((file) => {
      const own = path.posix.join(path.posix.dirname(file), "package.json");
      const scripts = new Set([...rootScripts, ...(existsSync(path.join(projectRoot, own)) ? scriptsOf(own) : [])]);
      return [...read(file).matchAll(/\bnpm (?:run (?:--silent )?([a-z][\w:.*-]*)|(test|start)\b)/g)].flatMap((match) => {
        const name = (match[1] ?? match[2]!).replace(/[:.,]+$/, "");
        const exists = name.endsWith("*") ? [...scripts].some((script) => script.startsWith(name.slice(0, -1))) : scripts.has(name);
        return exists ? [] : [`${file}: npm run ${name}`];
      });
    });
    expect(missing).toEqual([]);
  });
});

describe(".env.example", () => {
  const variables = [...read(".env.example").matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]!);

  /** The code that runs (tests excluded): the app, its scripts and tools, the packages. */
  function sourceFiles(dir: string): string[] {
    return readdirSync(path.join(projectRoot, dir), { withFileTypes: true }).flatMap((entry) => {
      const file = path.posix.join(dir, entry.name);
      if (entry.isDirectory()) return ["node_modules", ".next", ".data", "e2e"].includes(entry.name) ? [] : sourceFiles(file);
      return /\.(ts|tsx|mjs|js)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [file] : [];
    });
  }
  const code = [
    ...["app", "components", "lib", "scripts", "packages", "prisma", "test", "tools"].flatMap(sourceFiles),
    "prisma.config.ts",
    "instrumentation-node.ts",
  ]
    .map(read)
    .join("\n");

  it("lists every variable once", () => {
    expect(variables.length).toBeGreaterThan(20);
    expect(variables.filter((name, index) => variables.indexOf(name) !== index)).toEqual([]);
  });

  it("names only variables the code reads (process.env.X, env.X, a schema key or a name in quotes)", () => {
    const read = (name: string) => new RegExp(`\\benv\\??\\.${name}\\b|^\\s*${name}:|["'\`]${name}["'\`]`, "m").test(code);
    expect(variables.filter((name) => !read(name))).toEqual([]);
  });

  it("names every variable the typed environment (lib/env.ts) reads, but NODE_ENV, which Node.js and Next.js set", () => {
    const typed = Object.keys(serverEnvShape.shape).filter((name) => name !== "NODE_ENV");
    expect(typed.length).toBeGreaterThan(10);
    expect(typed.filter((name) => !variables.includes(name))).toEqual([]);
  });

  it("and the table of docs/getting-started.md, Environment, name the same variables", () => {
    const page = read("docs/getting-started.md");
    const table = page.slice(page.indexOf("## Environment"));
    const documented = [...table.matchAll(/^\| (.+?) \|/gm)].flatMap((row) => [...row[1]!.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((match) => match[1]!));
    expect([...new Set(documented)].sort()).toEqual([...variables].sort());
  });
});
