/** `npm run build:server`: compiles the product's commands for plain Node.js into dist/server. */
import { parseArgs } from "node:util";
import { buildServer, SERVER_DIST } from "../build/serverBuild.ts";

const HELP = `Usage: npm run build:server [-- --help]

Compiles start, web, worker, migrate and rotate-key (with the embedded database's thread)
into ${SERVER_DIST}, where npm start and the other commands run them from.
`;

const { values } = parseArgs({ options: { help: { type: "boolean", short: "h", default: false } }, strict: true });
if (values.help) {
  process.stdout.write(HELP);
} else {
  try {
    await buildServer();
  } catch (thrown) {
    process.stderr.write(`the server build failed: ${thrown instanceof Error ? thrown.message : String(thrown)}\n`);
    process.exitCode = 1;
  }
}
