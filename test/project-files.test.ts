// The everyday project files stay true to package.json.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "./support/prisma-cli.ts";

const read = (file: string) => readFile(path.join(projectRoot, file), "utf8");
const pkg = JSON.parse(await read("package.json")) as { license: string; dependencies: Record<string, string>; devDependencies: Record<string, string> };

describe("project files", () => {
  it("LICENSE is the license package.json names", async () => {
    expect(pkg.license).toBe("MIT");
    expect((await read("LICENSE")).split("\n")[0]).toBe("MIT License");
  });

  it("Renovate updates every Prisma package in one group, so the schema engine's pin never moves alone", async () => {
    const config = JSON.parse(await read("renovate.json")) as { packageRules: { matchPackageNames?: string[]; groupName?: string }[] };
    const prismaPackages = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((name) => name === "prisma" || name.startsWith("@prisma/"));
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
