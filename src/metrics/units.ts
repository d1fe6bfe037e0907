/** How a metric's value reads: money (in the program's currency), a number of things, or a share 0–100. */
export type Unit = 'currency' | 'count' | 'percent';
