/** The units Pulse knows how to write: money (in the program's currency), a number of things, a share 0–100. */
export type BaseUnit = 'currency' | 'count' | 'percent';

/**
 * How a metric's value reads: one of the base units, or a unit a vendor names in its program file
 * ("ppm", "hours", "tonnes"), written after the number ("480 ppm").
 */
// `string & {}` keeps the three names offered by editors while any other string is allowed.
export type Unit = BaseUnit | (string & {});

export const BASE_UNITS: readonly BaseUnit[] = ['currency', 'count', 'percent'];

export const isBaseUnit = (u: string): u is BaseUnit => (BASE_UNITS as readonly string[]).includes(u);
