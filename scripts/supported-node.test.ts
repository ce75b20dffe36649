// Node.js 20 is refused, naming the versions to install: by `npm install` (engine-strict in .npmrc)
// and by `npm run dev` (scripts/supported-node.ts).
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "@/test/support/prisma-cli";
import { unsupportedNodeMessage } from "./supported-node.ts";

describe("the Node.js versions the project runs on", () => {
  it.each(["24.0.0", "24.22.3", "22.19.0", "22.21.1", "25.1.0"])("accepts Node.js %s", (version) => {
    expect(unsupportedNodeMessage(version)).toBeUndefined();
  });

  it.each(["20.19.4", "22.18.0", "18.20.8"])("refuses Node.js %s, naming the versions to install", (version) => {
    expect(unsupportedNodeMessage(version)).toBe(
      `Node.js ${version} is not supported: install Node.js 24 (the version in .nvmrc) or 22.19 or later in the 22 line (package.json engines: ^22.19.0 || >=24.0.0), e.g. \`nvm install\`.`,
    );
  });

  it("makes npm install refuse them too, instead of warning", () => {
    expect(readFileSync(path.join(projectRoot, ".npmrc"), "utf8")).toMatch(/^engine-strict=true$/m);
    expect(readFileSync(path.join(projectRoot, ".nvmrc"), "utf8").trim()).toBe("24");
  });
});
