/**
 * What a command that starts other processes must undo when a signal stops it (Ctrl-C, a CI
 * job's timeout): child processes do not die with their parent, and a scratch database would
 * stay on the server. Each such resource registers its undo step while it exists; SIGINT or
 * SIGTERM runs the steps still registered, newest first, and exits with 128 + the signal's
 * number, as shells report a process stopped by a signal. With nothing registered, signals
 * keep their default effect.
 */

const steps = new Set<() => Promise<void>>();

const onSigint = (): void => void undoAll(130);
const onSigterm = (): void => void undoAll(143);

/** Registers `step`; call the returned function once the resource is gone by other means. */
export function undoOnSignal(step: () => Promise<void>): () => void {
  if (steps.size === 0) {
    process.on("SIGINT", onSigint);
    process.on("SIGTERM", onSigterm);
  }
  steps.add(step);
  return () => forget(step);
}

function forget(step: () => Promise<void>): void {
  if (!steps.delete(step) || steps.size > 0) return;
  process.off("SIGINT", onSigint);
  process.off("SIGTERM", onSigterm);
}

let undoing = false;

async function undoAll(exitCode: number): Promise<void> {
  if (undoing) return;
  undoing = true;
  for (const step of [...steps].reverse()) {
    await step().catch((thrown: unknown) => process.stderr.write(`cleaning up after the signal failed: ${String(thrown)}\n`));
  }
  process.exit(exitCode);
}
