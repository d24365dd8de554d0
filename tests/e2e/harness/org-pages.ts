// Every page under /orgs/[orgId], found on disk so a new page is covered without editing a list.
import fs from "node:fs";
import path from "node:path";
import { ROOT } from "./build";

const ORG_ROOT = path.join(ROOT, "app", "(app)", "orgs", "[orgId]");

function pageDirs(dir: string, relative: string[] = []): string[][] {
  const found: string[][] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile() && /^page\.(tsx|ts|jsx|js)$/.test(entry.name)) found.push(relative);
    // `_private` folders hold components; `(group)` folders add no URL segment.
    if (entry.isDirectory() && !entry.name.startsWith("_")) {
      const segment = /^\(.*\)$/.test(entry.name) ? [] : [entry.name];
      found.push(...pageDirs(path.join(dir, entry.name), [...relative, ...segment]));
    }
  }
  return found;
}

/** URL paths of all organization pages for `orgId`; other dynamic segments get a made-up id. */
export function orgPagePaths(orgId: string): string[] {
  return pageDirs(ORG_ROOT).map((segments) => {
    const rest = segments.map((segment) => (segment.startsWith("[") ? "made-up-id" : segment));
    return ["", "orgs", encodeURIComponent(orgId), ...rest].join("/");
  });
}
