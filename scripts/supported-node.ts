// `npm run dev` on a Node.js the project does not support stops here, before anything starts, with
// the versions to install (`npm install` refuses it too: engine-strict in .npmrc).
import { readFileSync } from "node:fs";
import semver from "semver";

const packageJson = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { engines: { node: string } };

/** What is wrong with running on Node.js `version`, or undefined when package.json's engines accept it. */
export function unsupportedNodeMessage(version: string, range = packageJson.engines.node): string | undefined {
  if (semver.satisfies(version, range)) return undefined;
  return `Node.js ${version} is not supported: install Node.js 24 (the version in .nvmrc) or 22.19 or later in the 22 line (package.json engines: ${range}), e.g. \`nvm install\`.`;
}
