// The browser tests use the same production build as `npm run demo` (scripts/next-build.ts).
export { ensureBuilt, ROOT } from "../../../scripts/next-build";
