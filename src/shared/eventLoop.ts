import { setImmediate } from 'node:timers/promises';

/**
 * Work on more elements than this (rows, nodes and links of a trace) takes tens of milliseconds of
 * the event loop at each step; between such steps other requests and health checks get their turn.
 */
export const LARGE_WORK = 1_000;

/**
 * Lets the event loop serve timers and I/O before large work goes on; small work goes on at once,
 * without paying for a turn of the loop.
 */
export async function yieldIfLarge(size: number): Promise<void> {
  if (size > LARGE_WORK) await setImmediate();
}
