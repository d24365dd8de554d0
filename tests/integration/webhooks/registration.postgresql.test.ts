// Webhook registration against the LiveChat emulator, stored in PostgreSQL (cases in support/registration-cases.ts).
import { describeRegistration } from "./support/registration-cases";

describeRegistration("postgresql");
