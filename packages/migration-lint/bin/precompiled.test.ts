// bin/precompiled.mjs: a TypeScript script bundled once, rebuilt only when one of its sources changes.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { precompiled } from "./precompiled.mjs";

const root = await mkdtemp(path.join(os.tmpdir(), "precompiled-"));
afterAll(() => rm(root, { recursive: true, force: true }));

describe("precompiled", () => {
  it("builds the script with its imports into one plain ES module, and rebuilds it only when a source changes", async () => {
    const options = { root, outDir: path.join(root, "out") };
    await writeFile(path.join(root, "greeting.ts"), `export const greeting: string = "hello";\n`);
    await writeFile(path.join(root, "main.ts"), `import { greeting } from "./greeting.ts";\nexport const said: string = greeting;\n`);
    const first = await precompiled("main.ts", options);
    expect(first.built).toBe(true);
    expect((await import(`${first.url}?1`)).said).toBe("hello");
    expect((await precompiled("main.ts", options)).built).toBe(false);
    await writeFile(path.join(root, "greeting.ts"), `export const greeting: string = "bonjour";\n`);
    const rebuilt = await precompiled("main.ts", options);
    expect(rebuilt.built).toBe(true);
    expect((await import(`${rebuilt.url}?2`)).said).toBe("bonjour");
  });
});
