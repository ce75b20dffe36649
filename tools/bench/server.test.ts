// tools/bench/server.ts: how the bench starts the production server, with V8 flags when a section
// needs them (the tracing servers: tools/bench/api.ts).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { TRACING_NODE_FLAGS } from "@/tools/bench/api";
import { nextStartCommand } from "@/tools/bench/server";

describe("the command that starts the production server", () => {
  it("is Next.js's own script when no node flag is asked for", () => {
    const { command, args } = nextStartCommand(4321, []);
    expect(command).toMatch(/node_modules\/\.bin\/next$/);
    expect(args).toEqual(["start", "--port", "4321", "--hostname", "127.0.0.1"]);
  });

  it("runs that script under this node with the flags before it, so that they reach the server's V8", () => {
    const { command, args } = nextStartCommand(4321, TRACING_NODE_FLAGS);
    expect(command).toBe(process.execPath);
    expect(args.slice(0, TRACING_NODE_FLAGS.length)).toEqual(TRACING_NODE_FLAGS);
    const script = args[TRACING_NODE_FLAGS.length]!;
    expect(existsSync(script)).toBe(true);
    expect(args.slice(TRACING_NODE_FLAGS.length + 1)).toEqual(["start", "--port", "4321", "--hostname", "127.0.0.1"]);
  });

  it("passes the tracing servers' flags that this node accepts (a misspelt one stops node with 'bad option')", () => {
    const node = spawnSync(process.execPath, [...TRACING_NODE_FLAGS, "-p", "JSON.stringify(process.execArgv)"], { encoding: "utf8" });
    expect(node.stderr).toBe("");
    expect(JSON.parse(node.stdout)).toEqual(expect.arrayContaining(["--no-memory-reducer"]));
  });
});
