// One mapping from errors to `{ error: { code, message } }`: no internals ever leak in a 500.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "../../../lib/errors";
import { toErrorBody } from "../../../lib/http/error-response";

describe("error responses", () => {
  it("answer AppErrors with their status, code and message", () => {
    expect(toErrorBody(new AppError("forbidden", "Only owners…"))).toEqual({ status: 403, body: { error: { code: "forbidden", message: "Only owners…" } } });
  });

  it("answer invalid input with 422 and the field at fault", () => {
    const error = z.object({ name: z.string() }).safeParse({}).error;
    expect(toErrorBody(error)).toMatchObject({ status: 422, body: { error: { code: "validation", message: expect.stringMatching(/^name: /) } } });
  });

  it("answer Prisma's unique and not-found errors as 409 and 404", () => {
    const prismaError = (code: string) => Object.assign(new Error("prisma"), { name: "PrismaClientKnownRequestError", code });
    expect(toErrorBody(prismaError("P2002")).status).toBe(409);
    expect(toErrorBody(prismaError("P2025")).status).toBe(404);
  });

  it("answer anything else as a plain 500 without details", () => {
    const { status, body } = toErrorBody(new Error("connection string postgres://user:pass@db"));
    expect(status).toBe(500);
    expect(body.error.code).toBe("internal");
    expect(body.error.message).not.toContain("postgres");
  });
});
