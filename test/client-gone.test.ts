import Fastify from 'fastify';
import t, { type Test } from 'tap';
import { clientGone } from '../src/shared/clientGone.js';

/** An upload route that reads its body, then works for a while and reports whether its client left. */
async function uploadServer(t: Test) {
  const app = Fastify();
  let reportGone: (gone: boolean) => void = () => {};
  const outcome = new Promise<boolean>((resolve) => (reportGone = resolve));
  app.addContentTypeParser('text/csv', (_request, payload, done) => done(null, payload));
  app.post('/upload', async (request, reply) => {
    const signal = clientGone(reply);
    for await (const chunk of request.body as AsyncIterable<Buffer>) void chunk;
    await new Promise((resolve) => setTimeout(resolve, 300));
    reportGone(signal.aborted);
    return { ok: true };
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  t.teardown(() => app.close());
  const { port } = app.server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/upload`, outcome };
}

t.test('a client that waits for its answer is not gone, although its body has been read', async (t) => {
  const { url, outcome } = await uploadServer(t);
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'a,b\n1,2\n' });
  t.equal(response.status, 200);
  t.equal(await outcome, false);
});

t.test('a client that disconnects while its upload is processed is gone', async (t) => {
  const { url, outcome } = await uploadServer(t);
  const leave = new AbortController();
  const request = fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'text/csv' },
    body: 'a,b\n1,2\n',
    signal: leave.signal,
  });
  setTimeout(() => leave.abort(), 100);
  await t.rejects(request);
  t.equal(await outcome, true);
});
