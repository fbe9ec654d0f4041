/** Time as a dependency, so tests can move it instead of sleeping. */
export interface Clock {
  now(): number;
}
export const systemClock: Clock = { now: () => Date.now() };
export const nowSeconds = (clock: Clock) => Math.floor(clock.now() / 1000);
