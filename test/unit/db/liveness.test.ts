import t, { type Test } from 'tap';
import FakeTimers from '@sinonjs/fake-timers';
import { Liveness } from '../../../src/db/liveness.js';

const timing = { intervalMs: 20, unresponsiveAfterMs: 100 };

/**
 * Liveness is all timers, so each test runs it on a fake clock: the verdicts then depend on the
 * milliseconds the test advances, not on how busy the machine running the suite happens to be.
 */
function fakeClock(t: Test) {
  const clock = FakeTimers.install({
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'Date'],
  });
  t.teardown(() => clock.uninstall());
  return clock;
}

/** A round trip the test answers, refuses or holds unanswered until it resumes, as a paused server does. */
function server() {
  let mode: 'answer' | 'refuse' | 'silent' = 'answer';
  const held: (() => void)[] = [];
  return {
    set: (next: typeof mode) => void (mode = next),
    resume: () => {
      mode = 'answer';
      for (const answer of held.splice(0)) answer();
    },
    roundTrip: () =>
      mode === 'answer'
        ? Promise.resolve()
        : mode === 'refuse'
          ? Promise.reject(new Error('connection refused'))
          : new Promise<void>((resolve) => held.push(resolve)),
  };
}

t.test('a silent server counts as down after the silence limit, once; an answer brings it back', async (t) => {
  const clock = fakeClock(t);
  const neo4j = server();
  const liveness = new Liveness(neo4j.roundTrip, timing);
  t.teardown(() => liveness.stop());
  let downs = 0;
  liveness.onDown(() => downs++);
  await clock.tickAsync(50);
  t.equal(liveness.isDown, false);

  neo4j.set('silent');
  await clock.tickAsync(100);
  t.equal(liveness.isDown, false, 'not before the limit: the silent round trip went out after the last answer');
  await clock.tickAsync(50);
  t.equal(liveness.isDown, true);
  await clock.tickAsync(500);
  t.equal(downs, 1, 'listeners hear of it once');
  const probe = liveness.answersWithin(30);
  await clock.tickAsync(30);
  t.equal(await probe, false, 'a probe with a deadline does not wait for ever');

  neo4j.resume();
  await clock.tickAsync(0);
  t.equal(liveness.isDown, false, 'the late answer brings it back');
});

t.test('a refused round trip is down at once; the first answer after it is up again', async (t) => {
  fakeClock(t);
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
  const clock = fakeClock(t);
  const neo4j = server();
  const liveness = new Liveness(neo4j.roundTrip, timing);
  t.teardown(() => liveness.stop());
  await clock.tickAsync(30);
  neo4j.set('silent');
  for (let i = 0; i < 10; i++) {
    liveness.heardFrom();
    await clock.tickAsync(30);
  }
  t.equal(liveness.isDown, false, 'busy, not dead');
  await clock.tickAsync(69); // 99 ms after the last answer
  t.equal(liveness.isDown, false, 'not before the limit after the last answer');
  await clock.tickAsync(2);
  t.equal(liveness.isDown, true, 'once nothing at all comes back for the limit, down');
});
