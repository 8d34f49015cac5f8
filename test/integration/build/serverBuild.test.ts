import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleModule, writeModule } from "../../../src/build/bundleModule.ts";
import { buildServerOnce, builtCommand, builtCommandArgs, PRODUCT_NODE_OPTIONS, type Command } from "../../../src/build/serverBuild.ts";
import { runNode } from "../../support/nodeProcess.ts";

const FIXTURE = fileURLToPath(new URL("../../support/bundleFixture/entry.ts", import.meta.url));

function run(command: Command, args: string[], env: Record<string, string> = {}) {
  return runNode([...builtCommandArgs(command), ...args], { env });
}

describe("bundleModule", () => {
  const dir = mkdtempSync(join(tmpdir(), "careroom-bundle-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("runs without a TypeScript loader, each file keeping its own import.meta.url", async () => {
    const path = join(dir, "entry.mjs");
    writeModule(path, await bundleModule(FIXTURE));
    const loaded = (await import(pathToFileURL(path).href)) as Record<string, string>;
    expect(loaded).toMatchObject({
      entryUrl: pathToFileURL(FIXTURE).href,
      nestedUrl: pathToFileURL(join(FIXTURE, "../nested/here.ts")).href,
      parsed: "zod ran",
      zone: "Europe/Berlin",
    });
  });

  it("bundles workspace packages and imports installed ones by absolute URL", async () => {
    const text = new TextDecoder().decode(await bundleModule(FIXTURE));
    const imports = [...text.matchAll(/^import .* from "([^"]+)";$/gm)].map((match) => match[1]);
    expect(imports).toHaveLength(1);
    expect(imports[0]).toMatch(/^file:\/\/.*\/node_modules\/zod\//);
    expect(text).toContain("Europe/Berlin");
  });
});

describe("the server build", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "careroom-built-"));
  beforeAll(() => buildServerOnce());
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("gives commands that answer --help with plain Node.js", async () => {
    for (const command of ["start", "web", "worker", "migrate", "rotateKey"] as const) {
      const { code, output } = await run(command, ["--help"]);
      expect({ command, code }).toEqual({ command, code: 0 });
      expect(output).toMatch(/^Usage: npm /);
    }
  });

  it("migrates an embedded database through the thread compiled beside it, loading no compiler", async () => {
    const { code, output } = await run("migrate", [], { DATA_DIR: dataDir, LOG_LEVEL: "info" });
    expect({ code, output }).toMatchObject({ code: 0, output: expect.stringContaining("the database is up to date") });
    for (const command of ["start", "migrate"] as const) {
      const text = readFileSync(builtCommand(command), "utf8");
      expect(text).toContain(pathToFileURL(join(builtCommand(command), "../databaseThread.mjs")).href);
      expect(text).not.toMatch(/node_modules\/(esbuild|tsx)\//);
    }
  });

  it("is what the npm scripts run, with the same Node.js options", () => {
    const { scripts } = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { scripts: Record<string, string> };
    const scriptOf: Record<Command, string> = { start: "start", web: "web", worker: "worker", migrate: "migrate", rotateKey: "rotate-key" };
    for (const [command, script] of Object.entries(scriptOf)) {
      expect(scripts[script]).toMatch(new RegExp(` && node ${PRODUCT_NODE_OPTIONS.join(" ")} dist/server/${command}\\.mjs$`));
    }
  });
});
