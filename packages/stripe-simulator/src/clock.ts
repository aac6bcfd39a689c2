// Time source for `created` and status timestamps; tests inject a fake one. Webhook signatures always
// use real time because receivers check them against their own clock.
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

export function unixSeconds(clock: Clock): number {
  return Math.floor(clock() / 1000);
}
