import { PassThrough } from 'node:stream';
import t from 'tap';
import { testApp } from './helpers/app.js';

t.test('beyond the configured concurrency, requests are shed at once with 503 and Retry-After; probes still answer', async (t) => {
  const app = await testApp(t, { capacity: { maxConcurrentRequests: 2, maxQueuedRequests: 1, maxQueueWaitMs: 300 } });
  // Requests whose bodies are still arriving hold their slots, like slow uploads do.
  const bodies = [new PassThrough(), new PassThrough()];
  const holding = bodies.map((payload) =>
    app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload }),
  );
  await new Promise((resolve) => setTimeout(resolve, 100));

  const queued = app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ __typename }' } });
  const started = performance.now();
  const shed = await app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ __typename }' } });
  const shedMs = performance.now() - started;
  t.equal(shed.statusCode, 503);
  t.equal(shed.headers['retry-after'], '1');
  t.equal(shed.json().errors[0].extensions.code, 'OVERLOADED', 'in GraphQL shape on /graphql');
  t.ok(shedMs < 1_000, `refused at once (${shedMs.toFixed(0)} ms), not queued`);
  const shedCsv = await app.inject('/reports/quarry-areas/2025.csv');
  t.equal(shedCsv.statusCode, 503);
  t.same(shedCsv.json(), { error: shedCsv.json().error, code: 'OVERLOADED' }, 'and as {error, code} elsewhere');

  const health = await app.inject('/healthz');
  t.equal(health.statusCode, 200, 'liveness is never shed');

  const waitedTooLong = await queued;
  t.equal(waitedTooLong.statusCode, 503, 'a queued request that gets no slot in time is refused too');
  t.equal(waitedTooLong.json().errors[0].extensions.code, 'OVERLOADED');

  for (const body of bodies) body.end(JSON.stringify({ query: '{ __typename }' }));
  for (const response of await Promise.all(holding)) t.equal(response.statusCode, 200, 'requests already admitted complete');
  const after = await app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ __typename }' } });
  t.equal(after.statusCode, 200, 'slots are given back');
});
