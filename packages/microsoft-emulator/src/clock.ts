// The emulator's notion of "now": wall-clock time plus an offset that tests can push forward
// (POST /_emulator/clock) to expire codes, tokens and subscriptions without waiting.

export class Clock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
