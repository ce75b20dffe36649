import { main } from "./generate.ts";

process.exitCode = main(process.argv.slice(2));
