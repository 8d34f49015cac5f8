/**
 * The embedded database thread's code as one JavaScript module. A worker thread does not
 * inherit the process's TypeScript loader (when there is one), and registering one in the
 * thread cost about 80 MB of memory (a loader thread of its own); so the thread's modules are
 * compiled before it starts: by the server build (serverBuild.ts), or else once per process
 * into a file named after its content in the temporary directory (so processes share it and
 * versions never clash).
 */
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The module the server build compiled beside its commands (serverBuild.ts); undeclared otherwise. */
declare const PREBUILT_DATABASE_THREAD: string | undefined;

const ENTRY = fileURLToPath(new URL("./databaseThread.ts", import.meta.url));

let compiled: Promise<URL> | undefined;

export function databaseThreadScript(): Promise<URL> {
  compiled ??= typeof PREBUILT_DATABASE_THREAD === "string" ? Promise.resolve(new URL(PREBUILT_DATABASE_THREAD)) : compile();
  return compiled;
}

async function compile(): Promise<URL> {
  // Loaded only here: a built process never needs the compiler.
  const { bundleModule, writeModule } = await import("../../build/bundleModule.ts");
  const contents = await bundleModule(ENTRY);
  const path = join(tmpdir(), "careroom-db-thread", `${createHash("sha256").update(contents).digest("hex").slice(0, 16)}.mjs`);
  writeModule(path, contents);
  return pathToFileURL(path);
}
