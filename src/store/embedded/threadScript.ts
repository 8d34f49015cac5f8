/**
 * The embedded database thread's code as one JavaScript module. A worker thread does not
 * inherit the process's TypeScript loader, and registering one in the thread cost about
 * 80 MB of memory (a loader thread of its own); so the thread's modules are compiled with
 * esbuild, the compiler the loader itself uses, once per process, into a file named after
 * its content in the temporary directory (so processes share it and versions never clash).
 * Packages stay outside the bundle, imported from where this project resolves them.
 */
import { createHash } from "node:crypto";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build, type Plugin } from "esbuild";

const ENTRY = fileURLToPath(new URL("./databaseThread.ts", import.meta.url));

/** Bare imports become absolute file URLs, so the module runs from any directory. */
const packagesByPath: Plugin = {
  name: "packages-by-path",
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === "resolving" || args.path.startsWith("node:")) return undefined;
      const resolved = await builder.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: "resolving" });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      return { path: pathToFileURL(resolved.path).href, external: true };
    });
  },
};

let compiled: Promise<URL> | undefined;

export function databaseThreadScript(): Promise<URL> {
  compiled ??= compile();
  return compiled;
}

async function compile(): Promise<URL> {
  const output = await build({
    entryPoints: [ENTRY],
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    write: false,
    logLevel: "silent",
    plugins: [packagesByPath],
  });
  const [file] = output.outputFiles;
  if (!file) throw new Error("compiling the embedded database's thread produced nothing");
  const dir = join(tmpdir(), "careroom-db-thread");
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${createHash("sha256").update(file.contents).digest("hex").slice(0, 16)}.mjs`);
  // Written beside and renamed, so a process starting at the same moment never reads half of it.
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, file.contents);
  renameSync(partial, path);
  return pathToFileURL(path);
}
