/**
 * One TypeScript entry point compiled by esbuild into a single JavaScript module that plain
 * Node.js runs, without a TypeScript loader (which costs a process a loader thread and about
 * 70 MB: docs/decisions.md). Our own modules, the workspace packages' included, go into the
 * bundle; installed packages stay outside it, imported by absolute file URL, so the module
 * runs whatever the working directory. Each bundled file keeps its own `import.meta.url`, so
 * the paths it builds from it (migrations, the built UI, the database thread's source) still
 * point where they did.
 */
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { pathToFileURL } from "node:url";
import { build, transform, type Plugin } from "esbuild";

const INSTALLED = /[\\/]node_modules[\\/]/;

const installedPackagesByPath: Plugin = {
  name: "installed-packages-by-path",
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === "resolving" || args.path.startsWith("node:")) return undefined;
      const resolved = await builder.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: "resolving" });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      // A workspace package resolves (through its symlink) to TypeScript of ours: bundle it.
      if (!INSTALLED.test(resolved.path)) return { path: resolved.path };
      return { path: pathToFileURL(resolved.path).href, external: true };
    });
  },
};

const ownImportMetaUrl: Plugin = {
  name: "own-import-meta-url",
  setup(builder) {
    builder.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (INSTALLED.test(args.path)) return undefined;
      const own = { "import.meta.url": JSON.stringify(pathToFileURL(args.path).href) };
      const { code } = await transform(await readFile(args.path, "utf8"), { loader: "ts", format: "esm", define: own, sourcefile: args.path });
      return { contents: code, loader: "js" };
    });
  },
};

/**
 * Compiled modules by name, one per entry point, each whole on its own (nothing shared between
 * them at run time). One build for all of them, so a file they share is read and transformed
 * once. `define` replaces identifiers with constants (esbuild's define).
 */
export async function bundleModules<Name extends string>(entries: Record<Name, string>, define: Record<string, string> = {}): Promise<Record<Name, Uint8Array>> {
  const output = await build({
    entryPoints: entries,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    // Names the outputs only: nothing is written.
    outdir: "/",
    write: false,
    logLevel: "silent",
    define,
    plugins: [installedPackagesByPath, ownImportMetaUrl],
  });
  const byName = new Map(output.outputFiles.map((file) => [basename(file.path, ".js"), file.contents]));
  const modules = {} as Record<Name, Uint8Array>;
  for (const name of Object.keys(entries) as Name[]) {
    const contents = byName.get(name);
    if (!contents) throw new Error(`compiling ${entries[name]} produced nothing`);
    modules[name] = contents;
  }
  return modules;
}

/** One entry point's compiled module. */
export async function bundleModule(entry: string, define: Record<string, string> = {}): Promise<Uint8Array> {
  return (await bundleModules({ module: entry }, define)).module;
}

/** Written beside and renamed, so a process starting at the same moment never reads half of it. */
export function writeModule(path: string, contents: Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, contents);
  renameSync(partial, path);
}
