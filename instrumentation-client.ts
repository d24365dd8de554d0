// Runs in the browser before the app's code (Next.js instrumentation-client convention).
import "./lib/security/zod-jitless";
