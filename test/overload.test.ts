import { connect } from 'node:net';
import { PassThrough } from 'node:stream';
import t from 'tap';
import { issueToken, testApp } from './helpers/app.js';

t.test(
  'beyond the configured concurrency, requests are shed at once with 503 and Retry-After; probes still answer',
  async (t) => {
    const app = await testApp(t, { capacity: { maxConcurrentRequests: 2, maxQueuedRequests: 1, maxQueueWaitMs: 300 } });
    const admin = await issueToken(app, 'ADMIN');
    // Once, so the holders below reach their slots quickly (the key lookup's plan is warm).
    await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { authorization: `Bearer ${admin}` },
      payload: { query: '{ viewer { role } }' },
    });
    // CSV uploads still streaming in hold their slots: the import is work under way.
    const bodies = [new PassThrough(), new PassThrough()];
    const holding = bodies.map((payload) =>
      app.inject({
        method: 'POST',
        url: '/import/supply-links?customerId=no-such-customer',
        headers: { 'content-type': 'text/csv', authorization: `Bearer ${admin}` },
        payload,
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));

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

    for (const body of bodies) body.end('supplier_id,stone_type,valid_from\nq-1,GRANITE,2025-01-01\n');
    for (const response of await Promise.all(holding))
      t.equal(response.statusCode, 422, 'requests already admitted complete (with their answer)');
    const after = await app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ __typename }' } });
    t.equal(after.statusCode, 200, 'slots are given back');
  },
);

t.test('clients that send their request slowly, or never finish it, hold no slot', async (t) => {
  const app = await testApp(t, { capacity: { maxConcurrentRequests: 2, maxQueuedRequests: 1, maxQueueWaitMs: 300 } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as { port: number };
  // Headers announce a body that never comes: the classic slow-request attack, three times the slots.
  const stalled = Array.from({ length: 6 }, () => {
    const socket = connect(port, '127.0.0.1');
    socket.write('POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n');
    return socket;
  });
  t.teardown(() => stalled.forEach((socket) => socket.destroy()));
  await new Promise((resolve) => setTimeout(resolve, 200));

  const answer = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  t.equal(answer.status, 200, 'a complete request is served beside them');
});
