import { createHmac } from 'node:crypto';
import t from 'tap';
import { guardedLookup, isPublicAddress, NonPublicAddress } from '../../../src/notifications/addresses.js';
import type { ClaimedDelivery } from '../../../src/notifications/deliveries.js';
import { deliveryRequest, retryDelayMs } from '../../../src/notifications/worker.js';

const delivery = (data: unknown): ClaimedDelivery => ({
  id: 'delivery-1',
  attempt: 3,
  url: 'https://receiver.example/hook',
  secret: 'whsec_test',
  event: {
    id: 'event-1',
    type: 'DELIVERY_RECORDED',
    organisationId: 'buyer-1',
    occurredAt: '2025-07-01T10:00:00Z',
    subjectKind: 'Delivery',
    subjectId: 'd-1',
    data: JSON.stringify(data),
  },
});

t.test('a delivery is signed over its timestamp and its body, as a receiver recomputes it', async (t) => {
  const now = Date.UTC(2025, 6, 1, 10, 0, 5);
  const { body, headers } = deliveryRequest(delivery({ projectId: 'p-1' }), 64 * 1024, now);
  t.equal(headers['stonetrace-timestamp'], String(now / 1000));
  t.equal(headers['stonetrace-event-id'], 'event-1');
  t.equal(headers['stonetrace-delivery-attempt'], '3');
  const expected = createHmac('sha256', 'whsec_test')
    .update(`${now / 1000}.${body}`)
    .digest('hex');
  t.equal(headers['stonetrace-signature'], `sha256=${expected}`);
  t.same(JSON.parse(body), {
    id: 'event-1',
    type: 'DELIVERY_RECORDED',
    occurredAt: '2025-07-01T10:00:00Z',
    organisationId: 'buyer-1',
    subject: { kind: 'Delivery', id: 'd-1' },
    data: { projectId: 'p-1' },
    truncated: false,
  });
  const resigned = deliveryRequest(delivery({ projectId: 'p-1' }), 64 * 1024, now + 60_000);
  t.not(resigned.headers['stonetrace-signature'], headers['stonetrace-signature'], 'a later attempt is signed anew');
});

t.test('a body over the payload limit goes without its data, and says so', async (t) => {
  const { body } = deliveryRequest(delivery({ links: 'x'.repeat(5000) }), 1024);
  t.ok(Buffer.byteLength(body) <= 1024);
  t.match(JSON.parse(body), { id: 'event-1', data: null, truncated: true });
});

t.test('retries wait twice as long each time, up to the cap, with jitter in the upper half', async (t) => {
  const settings = { retryBaseMs: 1000, retryMaxMs: 10_000 };
  t.same(
    [1, 2, 3, 4, 5, 40].map((attempt) => retryDelayMs(attempt, settings, () => 1)),
    [1000, 2000, 4000, 8000, 10_000, 10_000],
  );
  t.same(
    [1, 2, 5].map((attempt) => retryDelayMs(attempt, settings, () => 0)),
    [500, 1000, 5000],
  );
});

t.test('only public unicast addresses may be called', async (t) => {
  for (const address of ['93.184.215.14', '2606:4700:4700::1111']) t.ok(isPublicAddress(address), address);
  for (const address of [
    '127.0.0.1',
    '10.0.0.1',
    '172.16.5.4',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fd12:3456::1',
    '::ffff:10.0.0.1',
    '64:ff9b::a00:1',
    '2002:a00:1::',
    '2001:db8::1',
    'not an address',
  ])
    t.notOk(isPublicAddress(address), address);
});

t.test("a connection's own lookup refuses a name that resolves to a private address", async (t) => {
  const lookup = guardedLookup(false);
  const error = await new Promise<unknown>((resolve) => lookup('localhost', { all: true }, (e) => resolve(e)));
  t.type(error, NonPublicAddress);
  const allowed = await new Promise<unknown>((resolve) =>
    guardedLookup(true)('localhost', { all: true }, (e, addresses) => resolve(e ?? addresses)),
  );
  t.ok(Array.isArray(allowed) && allowed.length > 0, 'allowed when the configuration allows private addresses');
});
