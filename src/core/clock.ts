/** Time as a dependency, so tests can move it instead of sleeping. */
export interface Clock {
  now(): number;
  /** Microseconds since the epoch, where the clock has them (Django's timestamps carry them). */
  nowMicros?(): number;
}
export const systemClock: Clock = {
  now: () => Date.now(),
  nowMicros: () => {
    // The high-resolution wall clock (HR-Time), where the runtime anchors it to the epoch (Node);
    // else Date.now()'s milliseconds (Workers' timers are coarse by design anyway).
    const ms = Date.now();
    const hr = performance.timeOrigin + performance.now();
    return Math.abs(hr - ms) < 1000 ? Math.floor(hr * 1000) : ms * 1000;
  },
};
export const nowSeconds = (clock: Clock) => Math.floor(clock.now() / 1000);
