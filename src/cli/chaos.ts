/**
 * `npm run chaos`: proves the mirror survives Microsoft's failures and our own crashes. Runs
 * the product's real processes against the emulator with seeded random changes, faults and
 * SIGKILLs, waits for quiet, and prints a JSON verdict (exit code 1 when any count is not 0).
 */
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { runChaos } from "./chaos/runChaos.ts";

const HELP = `Usage: npm run chaos -- [options]

Options:
  --seed <n>            Random seed (default: random; printed in the summary)
  --mailboxes <n>       Linked mailboxes (default 5)
  --mutations <n>       Session changes made through the API (default 200)
  --workers <n>         Worker processes (PostgreSQL only, default 3; PGlite runs one process)
  --kills <n>           SIGKILLs of product processes during the run (default mutations/50)
  --quiet-timeout <s>   How long to wait for the calendars to settle (default 180)
  --json <file>         Also write the summary to this file
  --help                Show this text

Uses the embedded database unless DATABASE_URL is set (then a fresh database is created on
that server and dropped afterwards).
`;

const { values } = parseArgs({
  options: {
    seed: { type: "string" },
    mailboxes: { type: "string", default: "5" },
    mutations: { type: "string", default: "200" },
    workers: { type: "string", default: "3" },
    kills: { type: "string" },
    "quiet-timeout": { type: "string", default: "180" },
    json: { type: "string" },
    help: { type: "boolean", default: false },
  },
  strict: true,
});

function count(name: string, value: string | undefined, min: number): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min) {
    process.stderr.write(`--${name} must be a whole number of at least ${min}, not '${value}'\n`);
    process.exit(2);
  }
  return parsed;
}

if (values.help) {
  process.stdout.write(HELP);
} else {
  const mutations = count("mutations", values.mutations, 1);
  const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : count("seed", values.seed, 0);
  const summary = await runChaos(
    {
      seed,
      mailboxes: count("mailboxes", values.mailboxes, 1),
      mutations,
      workers: count("workers", values.workers, 1),
      kills: values.kills === undefined ? Math.ceil(mutations / 50) : count("kills", values.kills, 0),
      databaseUrl: process.env.DATABASE_URL || undefined,
      workDir: join(tmpdir(), `careroom-chaos-${seed}-${process.pid}`),
      quietTimeoutSec: count("quiet-timeout", values["quiet-timeout"], 1),
    },
    (line) => process.stderr.write(`${line}\n`),
  );
  const json = JSON.stringify(summary, null, 2);
  process.stdout.write(`${json}\n`);
  if (values.json) writeFileSync(values.json, `${json}\n`);
  const errors = summary.missing + summary.duplicates + summary.orphans + summary.stale + summary.foreignTouched;
  process.exitCode = errors === 0 && summary.secondsToQuiet !== null ? 0 : 1;
}
