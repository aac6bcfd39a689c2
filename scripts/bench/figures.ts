// How the benchmarks print and combine their figures: one definition each, so every script reads
// "n/a", a percentage and a median the same way.

/** A number with `digits` decimals; "n/a" for NaN or an infinity (a figure that could not be read). */
export const fixed = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : "n/a");

/** A share (0–1) as a whole percentage. */
export const percent = (share: number) => (Number.isFinite(share) ? `${Math.round(share * 100)} %` : "n/a");

/** The middle value (the upper of the two middles for an even count): one outlying round cannot move it. */
export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
