// zod 4 compiles object parsers with `new Function` when it may; to find out it calls
// `Function("")` once, which the Content-Security-Policy (no 'unsafe-eval') blocks and Chromium
// reports as a violation. Jitless parsing needs no eval. Imported by instrumentation-client.ts,
// which Next.js runs before any page code.
import { config } from "zod/v4/core";

config({ jitless: true });
