import t from 'tap';
import { Liveness } from '../../../src/db/liveness.js';

const timing = { intervalMs: 20, unresponsiveAfterMs: 100 };
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A round trip the test answers, refuses or leaves unanswered. */
function server() {
  let mode: 'answer' | 'refuse' | 'silent' = 'answer';
  return {
    set: (next: typeof mode) => void (mode = next),
    roundTrip: () =>
      mode === 'answer' ? Promise.resolve() : mode === 'refuse' ? Promise.reject(new Error('connection refused')) : new Promise<never>(() => {}),
  };
}

t.test('a silent server counts as down after the silence limit, once; an answer brings it back', async (t) => {
  const neo4j = server();
  const liveness = new Liveness(neo4j.roundTrip, timing);
  t.teardown(() => liveness.stop());
  let downs = 0;
  liveness.onDown(() => downs++);
  await wait(50);
  t.equal(liveness.isDown, false);

  neo4j.set('silent');
  await wait(60);
  t.equal(liveness.isDown, false, 'not before the limit');
  await wait(200);
  t.equal(liveness.isDown, true);
  t.equal(downs, 1, 'listeners hear of it once');
  t.equal(await liveness.answersWithin(30), false, 'a probe with a deadline does not wait for ever');
});

t.test('a refused round trip is down at once; the first answer after it is up again', async (t) => {
  const neo4j = server();
  neo4j.set('refuse');
  const liveness = new Liveness(neo4j.roundTrip, timing);
  t.teardown(() => liveness.stop());
  t.equal(await liveness.answersWithin(50), false);
  t.equal(liveness.isDown, true);
  neo4j.set('answer');
  t.equal(await liveness.answersWithin(50), true);
  t.equal(liveness.isDown, false);
});

t.test('other answers from the server meanwhile keep a slow probe from counting as silence', async (t) => {
  const neo4j = server();
  const liveness = new Liveness(neo4j.roundTrip, timing);
  t.teardown(() => liveness.stop());
  await wait(30);
  neo4j.set('silent');
  for (let i = 0; i < 10; i++) {
    liveness.heardFrom();
    await wait(30);
  }
  t.equal(liveness.isDown, false, 'busy, not dead');
  await wait(250);
  t.equal(liveness.isDown, true, 'once nothing at all comes back, down');
});
