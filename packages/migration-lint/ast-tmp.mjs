import { loadModule, parseSync } from "libpg-query";
await loadModule();
for (const sql of process.argv.slice(2)) console.log(JSON.stringify(parseSync(sql).stmts.map(s=>s.stmt)));
