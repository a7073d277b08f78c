import t from 'tap';
import { LARGE_WORK, yieldIfLarge } from '../../../src/shared/eventLoop.js';

/** Large work lets the event loop serve what waits (I/O, timers, other requests) first; small work does not wait. No database. */

const order = async (size: number): Promise<string[]> => {
  const seen: string[] = [];
  setImmediate(() => seen.push('waiting callback'));
  await yieldIfLarge(size);
  seen.push('work goes on');
  return seen;
};

t.test('before large work goes on, callbacks waiting for the event loop run', async (t) => {
  t.same(await order(LARGE_WORK + 1), ['waiting callback', 'work goes on']);
});

t.test('small work goes on at once', async (t) => {
  t.same(await order(LARGE_WORK), ['work goes on']);
});
