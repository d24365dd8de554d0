// Errors of the emulator's own control surface (`/_emulator/…` and the in-process methods).
export class ControlError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
    this.name = "ControlError";
  }
}
