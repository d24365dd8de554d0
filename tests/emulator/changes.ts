// "The LiveChat data may have changed": raised after everything that can change the state (API
// calls, RTM requests and closes, token grants, control actions). A state file (state-saver.ts)
// listens and saves a little later; without one nobody listens and it costs nothing.
export class ChangeSignal {
  private listener: (() => void) | null = null;

  listen(listener: (() => void) | null): void {
    this.listener = listener;
  }

  changed(): void {
    this.listener?.();
  }
}
