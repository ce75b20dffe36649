// The helper-process support of the tests: a failure around a helper carries what it printed.
import { afterEach, describe, expect, it } from "vitest";
import { freePort } from "./free-port.ts";
import { explainedBy, interrupt, startHelper, waitFor200, type HelperProcess } from "./processes.ts";

const started: HelperProcess[] = [];
afterEach(async () => {
  for (const helper of started.splice(0)) await interrupt(helper);
});

/** A node process running `script`, as a test's helper. */
function helper(script: string) {
  const started_ = startHelper("the helper", process.execPath, ["-e", script], {});
  started.push(started_);
  return started_;
}

async function printed(helper: HelperProcess, text: string) {
  while (!helper.output().includes(text)) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe("a test's helper process", () => {
  it("a failing step against it fails with the helper's output after the step's own message", async () => {
    const server = helper(`console.log("Compiling /sign-in ..."); console.error("Error: the page failed to compile"); setInterval(() => {}, 1000);`);
    await printed(server, "failed to compile");
    const failure = explainedBy(server, async () => {
      throw new Error("page.goto: Timeout 30000ms exceeded.");
    });
    await expect(failure).rejects.toThrow(
      /^page\.goto: Timeout 30000ms exceeded\.\n--- output of the helper ---\nCompiling \/sign-in \.\.\.\nError: the page failed to compile\n$/,
    );
  });

  it("a step that passes returns its value, untouched", async () => {
    expect(await explainedBy(helper("setInterval(() => {}, 1000);"), async () => 42)).toBe(42);
  });

  it("waiting for a 200 from a helper that exits fails at once, with its exit code and output", async () => {
    const server = helper(`console.error("listen EADDRINUSE: address already in use"); process.exit(1);`);
    await expect(waitFor200(`http://127.0.0.1:${await freePort()}/`, server, 60_000)).rejects.toThrow(
      /exited \(code 1\) before http:\/\/127\.0\.0\.1:\d+\/ answered\n--- output of the helper ---\nlisten EADDRINUSE/,
    );
  });

  it("waiting for a 200 that never comes fails after the budget, with the output", async () => {
    const server = helper(`console.log("still compiling"); setInterval(() => {}, 1000);`);
    await printed(server, "still compiling");
    await expect(waitFor200(`http://127.0.0.1:${await freePort()}/`, server, 500)).rejects.toThrow(/did not answer 200 within 0\.5 s\n.*\nstill compiling/);
  });

  it("Ctrl-C reaches the helper and the processes it started, and resolves with its exit code", async () => {
    // The helper exits (code 3) once its own child has stopped on the same Ctrl-C.
    const server = helper(
      `const child = require("node:child_process").spawn(process.execPath, ["-e", "process.on('SIGINT', () => { console.log('child stopped'); process.exit(0); }); console.log('child ready'); setInterval(() => {}, 1000);"], { stdio: "inherit" });
       process.on("SIGINT", () => child.once("exit", () => process.exit(3)));
       setInterval(() => {}, 1000);`,
    );
    await printed(server, "child ready");
    expect(await interrupt(server)).toBe(3);
    await printed(server, "child stopped");
  });
});
