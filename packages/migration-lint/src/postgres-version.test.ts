// The server version db-check reads from the database when the config does not give one.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { readServerVersion } from "@starter/migration-lint";
import { fromVersionNumber } from "./postgres-version.ts";

describe("the server's version", () => {
  it("is read from server_version_num, as server_version spells it", async () => {
    const client = new pg.Client({ connectionString: process.env.DIRECT_URL });
    await client.connect();
    const { rows } = await client.query<{ server_version: string }>("SHOW server_version");
    await client.end();
    const [major, minor] = rows[0]!.server_version.split(/[.\s]/).map(Number);
    expect(await readServerVersion(process.env.DIRECT_URL!)).toEqual({ major, minor });
  });

  it("numbers releases before 10 by their first two parts", () => {
    expect(fromVersionNumber(90624)).toEqual({ major: 9, minor: 6 });
    expect(fromVersionNumber(140003)).toEqual({ major: 14, minor: 3 });
  });

  it("is an error, not a crash, when nothing listens", async () => {
    expect(await readServerVersion("postgresql://postgres@127.0.0.1:1/postgres")).toEqual({ error: "ECONNREFUSED" });
  });
});
