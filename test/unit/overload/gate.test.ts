import t from 'tap';
import { ConcurrencyGate } from '../../../src/overload/gate.js';
import { Overloaded } from '../../../src/shared/errors.js';

t.test('admits up to the limit, queues up to the queue limit, refuses the rest at once', async (t) => {
  const gate = new ConcurrencyGate(2, 1, 10_000);
  const first = await gate.enter();
  await gate.enter();
  const queued = gate.enter();
  t.equal(gate.queued, 1);
  await t.rejects(gate.enter(), Overloaded, 'beyond running and waiting: refused');

  first();
  first(); // giving a slot back twice must not free two
  const third = await queued;
  t.equal(gate.inUse, 2, 'the freed slot went to the one waiting');
  const fourth = gate.enter();
  await t.rejects(gate.enter(), Overloaded, 'still full: one more waits, the next is refused');
  third();
  (await fourth)();
  t.equal(gate.inUse, 1);
});

t.test('a request that waits too long is refused and leaves the queue', async (t) => {
  const gate = new ConcurrencyGate(1, 5, 20);
  const release = await gate.enter();
  await t.rejects(gate.enter(), { code: 'OVERLOADED', statusCode: 503, retryAfterSeconds: 1 });
  t.equal(gate.queued, 0);
  release();
  t.equal(gate.inUse, 0);
  const again = await gate.enter();
  t.equal(gate.inUse, 1, 'usable again once free');
  again();
});

t.test('waiters are admitted first come, first served', async (t) => {
  const gate = new ConcurrencyGate(1, 3, 10_000);
  const release = await gate.enter();
  const order: number[] = [];
  const waiting = [1, 2, 3].map((n) => gate.enter().then((done) => (order.push(n), done())));
  release();
  await Promise.all(waiting);
  t.same(order, [1, 2, 3]);
  t.equal(gate.inUse, 0);
});
