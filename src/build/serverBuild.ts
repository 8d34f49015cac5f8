/**
 * The product's commands compiled for plain Node.js into dist/server: what `npm start`, the
 * web and worker processes, and the bench and chaos runs execute. The embedded database's
 * thread is compiled beside them, and each bundle is told where, so a built process neither
 * loads a TypeScript loader nor compiles anything when it starts.
 */
import { fileURLToPath, pathToFileURL } from "node:url";
import { join } from "node:path";
import { bundleModules, writeModule } from "./bundleModule.ts";

const COMMANDS = ["start", "web", "worker", "migrate", "rotateKey"] as const;
export type Command = (typeof COMMANDS)[number];

export const SERVER_DIST = fileURLToPath(new URL("../../dist/server", import.meta.url));
const SOURCES = fileURLToPath(new URL("..", import.meta.url));

/**
 * The Node.js options every product process runs with; package.json's scripts pass the same
 * (a test holds them together). Measured in the memory scenario (docs/performance.md): V8's
 * four background threads each kept freed compiler and collector memory of their own (two, for
 * two cores: 393 -> 335 MB); the embedded database's WebAssembly compiled by the baseline
 * compiler only, whose code is smaller and which needs no optimizing passes (about 40 MB less;
 * no cost seen in throughput or the API's latency, the calendar about 3 ms slower at p50 on
 * PGlite); a young generation of 4 MB rather than 16 (15 MB less, collections more often but
 * shorter).
 */
export const PRODUCT_NODE_OPTIONS = ["--v8-pool-size=2", "--liftoff-only", "--max-semi-space-size=4"] as const;

/** The compiled module of a command (present once buildServer has run). */
export function builtCommand(command: Command): string {
  return builtModule(command);
}

/** Node.js's arguments to run a built command as the npm scripts do. */
export function builtCommandArgs(command: Command): string[] {
  return [...PRODUCT_NODE_OPTIONS, builtCommand(command)];
}

/** The thread's module, compiled with the commands; they are told its path before it exists. */
const DATABASE_THREAD = "databaseThread" as const;

export async function buildServer(): Promise<void> {
  const entries = {
    ...(Object.fromEntries(COMMANDS.map((command) => [command, join(SOURCES, `cli/${command}.ts`)])) as Record<Command, string>),
    [DATABASE_THREAD]: join(SOURCES, "store/embedded/databaseThread.ts"),
  };
  const define = { PREBUILT_DATABASE_THREAD: JSON.stringify(pathToFileURL(builtModule(DATABASE_THREAD)).href) };
  const modules = await bundleModules(entries, define);
  // The thread first: a command is never written before the module it names.
  for (const name of [DATABASE_THREAD, ...COMMANDS] as const) writeModule(builtModule(name), modules[name]);
}

function builtModule(name: string): string {
  return join(SERVER_DIST, `${name}.mjs`);
}

let built: Promise<void> | undefined;

/** Builds once per process: runs that spawn the product build it fresh from the sources first. */
export function buildServerOnce(): Promise<void> {
  built ??= buildServer();
  return built;
}
