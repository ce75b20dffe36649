// The everyday project files stay true to package.json.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "./support/prisma-cli.ts";

const read = (file: string) => readFile(path.join(projectRoot, file), "utf8");
type Manifest = { license: string; dependencies?: Record<string, string>; devDependencies?: Record<string, string>; peerDependencies?: Record<string, string> };
const pkg = JSON.parse(await read("package.json")) as Manifest;
// The workspace packages declare their own dependencies (the schema engine's WASM engine among them).
const workspaces = await Promise.all(
  (await readdir(path.join(projectRoot, "packages"))).map(async (dir) => JSON.parse(await read(`packages/${dir}/package.json`)) as Manifest),
);

describe("project files", () => {
  it("LICENSE is the license package.json names, and every workspace package's", async () => {
    expect(pkg.license).toBe("MIT");
    expect(workspaces.map((manifest) => manifest.license)).toEqual(workspaces.map(() => "MIT"));
    expect((await read("LICENSE")).split("\n")[0]).toBe("MIT License");
  });

  it("Renovate updates every Prisma package in one group, so the schema engine's pin never moves alone", async () => {
    const config = JSON.parse(await read("renovate.json")) as { packageRules: { matchPackageNames?: string[]; groupName?: string }[] };
    const declared = [pkg, ...workspaces].flatMap((manifest) =>
      Object.keys({ ...manifest.dependencies, ...manifest.devDependencies, ...manifest.peerDependencies }),
    );
    const prismaPackages = [...new Set(declared)].filter((name) => name === "prisma" || name.startsWith("@prisma/"));
    expect(prismaPackages).toContain("@prisma/schema-engine-wasm");
    const group = config.packageRules.find((rule) => rule.groupName === "Prisma")!;
    const matches = (name: string) =>
      group.matchPackageNames!.some((pattern) => (pattern.endsWith("/**") ? name.startsWith(pattern.slice(0, -2)) : name === pattern));
    expect(prismaPackages.filter((name) => !matches(name))).toEqual([]);
    // No other rule picks a Prisma package out of the group.
    const others = config.packageRules.filter((rule) => rule !== group);
    expect(others.filter((rule) => rule.matchPackageNames?.some((name) => name.includes("prisma")))).toEqual([]);
  });
});
