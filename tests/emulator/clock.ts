// The emulator's notion of "now". Expiry checks read it, so tests can jump forward with
// `advance` instead of sleeping; event timestamps come out strictly increasing so ordering by
// `created_at` is stable even for events created within one millisecond.
export class Clock {
  private offsetMs = 0;
  private lastMicros = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  /** What a state file keeps, so "now" and the timestamps carry on after a restart. */
  snapshot(): { offsetMs: number; lastMicros: number } {
    return { offsetMs: this.offsetMs, lastMicros: this.lastMicros };
  }

  restore(saved: { offsetMs: number; lastMicros: number }): void {
    this.offsetMs = saved.offsetMs;
    this.lastMicros = saved.lastMicros;
  }

  /** RFC 3339 UTC with microseconds, e.g. `2026-03-02T10:15:22.930000Z` (livechat-api.md 6.3). */
  timestamp(): string {
    const micros = Math.max(this.now() * 1000, this.lastMicros + 1);
    this.lastMicros = micros;
    return formatMicros(micros);
  }
}

export function formatMicros(micros: number): string {
  const ms = Math.floor(micros / 1000);
  const iso = new Date(ms).toISOString(); // 2026-03-02T10:15:22.930Z
  const extra = String(Math.floor(micros % 1000)).padStart(3, "0");
  return `${iso.slice(0, -1)}${extra}Z`;
}

export function parseTimestamp(value: string): number {
  return Date.parse(value);
}
