/** Time as a dependency, so tests can move it instead of sleeping. */
export interface Clock {
  now(): number;
  /** Microseconds since the epoch, where the clock has them (Django's timestamps carry them). */
  nowMicros?(): number;
}
export const systemClock: Clock = {
  now: () => Date.now(),
  // The platform's high-resolution wall clock (HR-Time); on Workers it is as coarse as Date.now().
  nowMicros: () => Math.floor((performance.timeOrigin + performance.now()) * 1000),
};
export const nowSeconds = (clock: Clock) => Math.floor(clock.now() / 1000);
