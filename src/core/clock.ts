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
    // Held within Date.now()'s millisecond: the monotonic clock drifts from the wall clock (by
    // hundreds of ms), and a timestamp ahead of Date.now() made an event written now not yet due
    // for a reader comparing with Date.now(). Never decreasing while Date.now() does not.
    const ms = Date.now() * 1000;
    const hr = Math.floor((performance.timeOrigin + performance.now()) * 1000);
    return Math.min(Math.max(hr, ms), ms + 999);
  },
};
export const nowSeconds = (clock: Clock) => Math.floor(clock.now() / 1000);
