// Command line entry point: parses flags, starts the emulator, prints where it listens and how
// to point MSAL at it, and closes cleanly (writing the state file) on SIGINT/SIGTERM.
import { parseArgs } from "node:util";
import { startEmulator } from "./index.ts";
import { parseLatency } from "./latency.ts";

const HELP = `microsoft-emulator: an offline Microsoft identity platform (v2.0) and Graph v1.0 calendars

Usage: microsoft-emulator [options]

Options:
  --port <n>            Port to listen on (default 4010; 0 picks a free one)
  --host <address>      Address to bind (default 127.0.0.1)
  --public-url <url>    Origin clients should use, when not http://host:port
  --latency-ms <ms>     Extra latency per Graph/token request: fixed ("50") or a range ("20-80")
  --state-file <path>   Keep state in this JSON file (loaded at start, saved on change)
  --token-ttl <s>       Access token lifetime in seconds (default 3599)
  --no-throttling       Turn off the 4-concurrent / 10,000-per-10-minutes limits
  --quiet               Do not log requests
  --help                Show this text
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "4010" },
      host: { type: "string", default: "127.0.0.1" },
      "public-url": { type: "string" },
      "latency-ms": { type: "string" },
      "state-file": { type: "string" },
      "token-ttl": { type: "string" },
      "no-throttling": { type: "boolean", default: false },
      quiet: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, not '${values.port}'`);
  const tokenTtl = values["token-ttl"] !== undefined ? Number(values["token-ttl"]) : undefined;
  if (tokenTtl !== undefined && !(tokenTtl > 0)) throw new Error("--token-ttl must be a positive number of seconds");
  const log = (stream: NodeJS.WriteStream) => (message: string) => stream.write(`${new Date().toISOString()} ${message}\n`);
  const emulator = await startEmulator({
    port,
    host: values.host,
    ...(values["public-url"] ? { publicUrl: values["public-url"] } : {}),
    ...(values["latency-ms"] ? { latencyMs: parseLatency(values["latency-ms"]) } : {}),
    ...(values["state-file"] ? { stateFile: values["state-file"] } : {}),
    ...(tokenTtl !== undefined ? { accessTokenTtlSec: tokenTtl } : {}),
    throttling: { enabled: !values["no-throttling"] },
    logger: {
      info: values.quiet ? () => undefined : log(process.stdout),
      warn: log(process.stderr),
      error: log(process.stderr),
    },
  });
  process.stdout.write(
    `Microsoft emulator listening on ${emulator.url}\n` +
      `  Graph:     ${emulator.url}/v1.0\n` +
      `  Identity:  ${emulator.url}/common/v2.0/.well-known/openid-configuration\n` +
      `  Calendars: ${emulator.url}/\n` +
      `  MSAL authority: ${emulator.msalAuthority().authority} (knownAuthorities: ${emulator.msalAuthority().knownAuthorities.join(", ")})\n`,
  );
  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${HELP}`);
  process.exit(1);
});
