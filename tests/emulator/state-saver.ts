// Saves the state file after changes: debounced (`SAVE_DELAY_MS` after the last change, and never
// more than `SAVE_MAX_WAIT_MS` after the first unsaved one, so a steady stream of changes cannot
// postpone saving), atomically (a temporary file beside it, then rename: a reader or a crash never
// sees half a file), mode 0600 (it holds client secrets, bot secrets and tokens). Serializing is
// synchronous (a few ms for a demo-sized state); the disk work is not. Saves never overlap, and a
// state that serializes exactly as the last save is not written again.
import { randomBytes } from "node:crypto";
import { mkdir, open, rename, rm } from "node:fs/promises";
import path from "node:path";

export const SAVE_DELAY_MS = 200;
export const SAVE_MAX_WAIT_MS = 1_000;
const FILE_MODE = 0o600;

export interface SaveTiming {
  /** Snapshot + JSON, on the event loop. */
  serializeMs: number;
  /** Temporary file, fsync, rename (asynchronous). */
  writeMs: number;
  bytes: number;
  /** False when the state had not changed since the last save. */
  written: boolean;
}

export class StateSaver {
  private timer: NodeJS.Timeout | null = null;
  private firstUnsavedAt: number | null = null;
  private lastWritten: string | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    readonly file: string,
    private readonly serialize: () => string,
  ) {}

  /** A change happened: save soon. */
  changed(): void {
    if (this.closed) return;
    const now = Date.now();
    this.firstUnsavedAt ??= now;
    if (this.timer) clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(SAVE_DELAY_MS, this.firstUnsavedAt + SAVE_MAX_WAIT_MS - now));
    this.timer = setTimeout(() => {
      this.timer = null;
      this.save().catch((error: unknown) => console.error(`emulator: saving ${this.file} failed (retried after the next change):`, error));
    }, wait);
    // The server keeps the process alive; a pending save alone must not (close() saves anyway).
    this.timer.unref();
  }

  /** Saves now (after any save in progress); resolves when the file is on disk. */
  save(): Promise<SaveTiming> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.firstUnsavedAt = null;
    const started = performance.now();
    const text = this.serialize();
    const serializeMs = performance.now() - started;
    const run = async (): Promise<SaveTiming> => {
      const bytes = Buffer.byteLength(text);
      if (text === this.lastWritten) return { serializeMs, writeMs: 0, bytes, written: false };
      const writeStarted = performance.now();
      await writeAtomically(this.file, text);
      this.lastWritten = text;
      return { serializeMs, writeMs: performance.now() - writeStarted, bytes, written: true };
    };
    const saved = this.queue.then(run, run);
    this.queue = saved.catch(() => undefined);
    return saved;
  }

  /** The last save: later changes are ignored. */
  async close(): Promise<void> {
    this.closed = true;
    await this.save();
  }
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const directory = path.dirname(file);
  await mkdir(directory, { recursive: true });
  const temporary = path.join(directory, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    const handle = await open(temporary, "wx", FILE_MODE);
    try {
      await handle.writeFile(text, "utf8");
      // Make sure the bytes are on disk before the name points at them.
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
