// A missing or malformed variable stops the server at start, with a message naming the
// variable, instead of failing on the first request.
import { EnvError, webEnv } from "./lib/env";

try {
  webEnv();
} catch (error) {
  if (error instanceof EnvError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
