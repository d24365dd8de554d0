// Looks for plaintext secrets where they must never be: everything the browser received from the
// app (HTML, RSC payloads, JSON, scripts, Set-Cookie headers, cookies) and the database file.
import fs from "node:fs";
import type { BrowserContext, Response } from "playwright-core";

export interface RecordedResponse {
  url: string;
  status: number;
  contentType: string;
  body: string;
  setCookies: string[];
}

/** Keeps every response from the app's origin that the browser context receives. */
export class ResponseRecorder {
  readonly responses: RecordedResponse[] = [];
  private readonly pending = new Set<Promise<void>>();

  constructor(context: BrowserContext, private readonly appOrigin: string) {
    context.on("response", (response) => {
      if (!response.url().startsWith(this.appOrigin)) return;
      const task = this.record(response).finally(() => this.pending.delete(task));
      this.pending.add(task);
    });
  }

  private async record(response: Response): Promise<void> {
    const headers = await response.headersArray().catch(() => []);
    // Redirects and aborted loads have no body to read.
    const body = response.status() >= 300 && response.status() < 400 ? "" : await response.text().catch(() => "");
    this.responses.push({
      url: response.url(),
      status: response.status(),
      contentType: headers.find((header) => header.name.toLowerCase() === "content-type")?.value ?? "",
      body,
      setCookies: headers.filter((header) => header.name.toLowerCase() === "set-cookie").map((header) => header.value),
    });
  }

  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}

function variants(secret: string): string[] {
  return [...new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)])];
}

/** The secrets (by index into `secrets`) that occur in `text`. */
export function secretsIn(text: string, secrets: readonly string[]): string[] {
  return secrets.filter((secret) => secret.length >= 8 && variants(secret).some((form) => text.includes(form)));
}

export interface Leak {
  where: string;
  /** The first characters only, so a failing test does not print the secret either. */
  secretPrefix: string;
}

function leaksIn(where: string, text: string, secrets: readonly string[]): Leak[] {
  return secretsIn(text, secrets).map((secret) => ({ where, secretPrefix: `${secret.slice(0, 6)}…` }));
}

export async function scanBrowser(recorder: ResponseRecorder, context: BrowserContext, secrets: readonly string[]): Promise<Leak[]> {
  await recorder.settle();
  const leaks: Leak[] = [];
  for (const response of recorder.responses) {
    leaks.push(...leaksIn(`${response.status} ${response.url} (${response.contentType || "no type"})`, response.body, secrets));
    for (const cookie of response.setCookies) leaks.push(...leaksIn(`Set-Cookie from ${response.url}`, cookie, secrets));
  }
  for (const cookie of await context.cookies()) {
    leaks.push(...leaksIn(`cookie ${cookie.name} (${cookie.domain})`, `${cookie.name}=${cookie.value}`, secrets));
  }
  return leaks;
}

/** The SQLite file and its write-ahead log, byte for byte: whatever a query would miss, too. */
export function scanSqliteFile(file: string, secrets: readonly string[]): Leak[] {
  const leaks: Leak[] = [];
  for (const suffix of ["", "-wal", "-shm", "-journal"]) {
    const path = `${file}${suffix}`;
    if (fs.existsSync(path)) leaks.push(...leaksIn(`database file${suffix || ""}`, fs.readFileSync(path).toString("latin1"), secrets));
  }
  return leaks;
}
