// Waiting assertions for playwright-core locators inside Vitest: the page may still be rendering,
// so each matcher retries until it holds or the timeout runs out (then it fails with what it saw).
import type { Locator } from "playwright-core";
import { expect } from "vitest";

const TIMEOUT_MS = 10_000;

/** Retries `check` until it returns `wanted` (true, or false for `.not`) or time runs out. */
async function settle(check: () => Promise<boolean>, wanted: boolean): Promise<boolean> {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const value = await check().catch(() => false);
    if (value === wanted || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function textOf(locator: Locator): Promise<string> {
  return (await locator.allInnerTexts().catch(() => [] as string[])).join(" | ");
}

expect.extend({
  async toBeVisible(locator: Locator) {
    const pass = await settle(() => locator.first().isVisible(), !this.isNot);
    return { pass, message: () => `expected ${String(locator)} ${pass ? "not " : ""}to be visible` };
  },
  async toContainText(locator: Locator, expected: string) {
    const pass = await settle(async () => (await textOf(locator)).includes(expected), !this.isNot);
    const actual = await textOf(locator);
    return { pass, message: () => `expected ${String(locator)} ${pass ? "not " : ""}to contain "${expected}", found "${actual}"` };
  },
  async toHaveCount(locator: Locator, expected: number) {
    const pass = await settle(async () => (await locator.count()) === expected, !this.isNot);
    const actual = await locator.count();
    return { pass, message: () => `expected ${String(locator)} ${pass ? "not " : ""}to match ${expected} elements, found ${actual}` };
  },
});

declare module "vitest" {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- must match Vitest's own declaration
  interface Matchers<T = any> {
    toBeVisible(): Promise<T>;
    toContainText(expected: string): Promise<T>;
    toHaveCount(expected: number): Promise<T>;
  }
}
