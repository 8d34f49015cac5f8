/** A Node.js process run to its end, as a command-line test sees it. */
import { spawn } from "node:child_process";
import { once } from "node:events";

export interface Finished {
  code: number | null;
  /** Standard output and standard error, interleaved as they came. */
  output: string;
}

export async function runNode(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<Finished> {
  const child = spawn(process.execPath, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, "exit")) as [number | null];
  return { code, output };
}
