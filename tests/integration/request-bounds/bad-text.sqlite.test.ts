// Bad text refused naming the field, and a bot edit undone in LiveChat when the database refuses it,
// on sqlite (cases in support/bad-text-cases.ts).
import { describeBadText } from "./support/bad-text-cases";

describeBadText("sqlite");
