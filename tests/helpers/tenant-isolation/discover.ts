// Finds every route handler and every server action on disk, so the isolation test covers new
// ones without anybody adding them to a list.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

export const ROOT = path.resolve(import.meta.dirname, "../../..");
const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
const SKIP = new Set(["node_modules", ".next", "generated"]);

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface RouteEntry {
  /** e.g. `app/api/orgs/[orgId]/team/route.ts` */
  file: string;
  /** e.g. `/api/orgs/[orgId]/team` */
  path: string;
  /** Names of the dynamic segments, e.g. `["orgId", "botId"]`. */
  params: string[];
  method: (typeof HTTP_METHODS)[number];
  handler: Handler;
  /** `GET /api/orgs/[orgId]/team`: the key of the case registry. */
  key: string;
}

export interface ActionEntry {
  file: string;
  name: string;
  action: (input: unknown) => Promise<unknown>;
  /** `app/(app)/actions.ts#switchOrganization`: the key of the case registry. */
  key: string;
}

function walk(dir: string, found: string[] = []): string[] {
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const relative = path.posix.join(dir, entry.name);
    if (entry.isDirectory() && !SKIP.has(entry.name)) walk(relative, found);
    else if (entry.isFile() && /\.(ts|tsx|js|jsx)$/.test(entry.name)) found.push(relative);
  }
  return found;
}

function urlPath(file: string): string {
  const segments = path.posix.dirname(file).split("/").slice(1).filter((segment) => !/^\(.*\)$/.test(segment));
  return `/${segments.join("/")}`;
}

export async function discoverRoutes(): Promise<RouteEntry[]> {
  const entries: RouteEntry[] = [];
  for (const file of walk("app").filter((candidate) => /\/route\.(ts|tsx|js|jsx)$/.test(candidate))) {
    const exported = (await import(pathToFileURL(path.join(ROOT, file)).href)) as Record<string, unknown>;
    const routePath = urlPath(file);
    const params = [...routePath.matchAll(/\[(?:\.\.\.)?([^\]]+)\]/g)].map((match) => match[1]!);
    for (const method of HTTP_METHODS) {
      const handler = exported[method];
      if (typeof handler === "function") {
        entries.push({ file, path: routePath, params, method, handler: handler as Handler, key: `${method} ${routePath}` });
      }
    }
  }
  return entries;
}

const DIRECTIVE = /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*["']use server["']/;

/** Modules whose first statement is `"use server"`: every export is a server action. */
export async function discoverActions(): Promise<ActionEntry[]> {
  const entries: ActionEntry[] = [];
  for (const file of [...walk("app"), ...walk("lib")]) {
    if (!DIRECTIVE.test(fs.readFileSync(path.join(ROOT, file), "utf8"))) continue;
    const exported = (await import(pathToFileURL(path.join(ROOT, file)).href)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(exported)) {
      if (typeof value === "function") {
        entries.push({ file, name, action: value as ActionEntry["action"], key: `${file}#${name}` });
      }
    }
  }
  return entries;
}

/** Files with `"use server"` inside a function: such actions would escape the enumeration. */
export function inlineServerActionFiles(): string[] {
  return [...walk("app"), ...walk("lib")].filter((file) => {
    const text = fs.readFileSync(path.join(ROOT, file), "utf8");
    return /["']use server["']/.test(text) && !DIRECTIVE.test(text);
  });
}
