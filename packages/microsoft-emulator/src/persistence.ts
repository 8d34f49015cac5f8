// Keeps the state file in step with the store: read once at start, written shortly after
// changes settle (debounced) through a temporary file and a rename, so a crash never leaves half a file.
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { z } from "zod";
import type { EmulatorState } from "./model.ts";

const SAVE_DEBOUNCE_MS = 100;

// Only the envelope is checked: the state file is the emulator's own output.
const stateFileSchema = z.looseObject({ version: z.literal(1), tenantId: z.string(), mailboxes: z.array(z.unknown()) });

export async function readStateFile(path: string): Promise<EmulatorState | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "ENOENT") return undefined;
    throw error;
  }
  const parsed: unknown = JSON.parse(text);
  stateFileSchema.parse(parsed);
  return parsed as EmulatorState;
}

export class StateFileWriter {
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly snapshot: () => EmulatorState,
    private readonly onError: (error: unknown) => void,
  ) {}

  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, SAVE_DEBOUNCE_MS);
  }

  /** Writes now (after any write already under way); used on close. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const text = JSON.stringify(this.snapshot());
    this.writing = this.writing.then(() => this.write(text)).catch(this.onError);
    await this.writing;
  }

  private async write(text: string): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    await writeFile(temporary, text, "utf8");
    await rename(temporary, this.path);
  }
}
