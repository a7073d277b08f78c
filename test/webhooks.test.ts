import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import t, { type Test } from 'tap';
import { buildApp } from '../src/app.js';
import type { WebhookSettings } from '../src/config.js';
import { cypher } from '../src/db/graph.js';
import { DeliveryQueue } from '../src/notifications/deliveries.js';
import { notify } from '../src/notifications/outbox.js';
import { gql, issueToken, testConfig } from './helpers/app.js';
import { TrackedChain } from './helpers/orgs.js';

/**
 * Webhooks and the notifications feed against the real Neo4j and a real HTTP receiver: events
 * written with the change that caused them (and not without it), signed deliveries, retries until
 * a receiver that was down is back, nothing lost when the service is closed between the change and
 * the delivery, one instance per delivery, and URLs refused that would reach a private network.
 */

t.setTimeout(240_000);

/** Retries fast and polls often: the tests wait for deliveries, they never time them. */
const quick: Partial<WebhookSettings> = {
  worker: true,
  allowPrivate: true,
  retryBaseMs: 20,
  retryMaxMs: 200,
  pollIntervalMs: 20,
  timeoutMs: 2_000,
  leaseMs: 4_000,
};

async function appWith(t: Test, webhooks: Partial<WebhookSettings>): Promise<FastifyInstance> {
  const app = await buildApp(testConfig({ webhooks }), { logger: false });
  t.teardown(() => app.close());
  await app.graphMigrated;
  await app.ready();
  return app;
}

/** A receiver that answers 204 and processes each event once, by its id, as the README tells receivers to. */
class Receiver {
  readonly requests: { headers: IncomingHttpHeaders; body: string }[] = [];
  readonly processed = new Map<string, Record<string, unknown>>();
  private server: Server | null = null;

  async listen(port = 0): Promise<number> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        this.requests.push({ headers: req.headers, body });
        const id = String(req.headers['stonetrace-event-id']);
        if (!this.processed.has(id)) this.processed.set(id, JSON.parse(body) as Record<string, unknown>);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    this.server = server;
    return (server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise((resolve) => server.close(resolve));
  }
}

/** Waits (however long it takes; the test's own timeout bounds it) until `probe` answers something. */
async function until<T>(probe: () => Promise<T | undefined | null | false>): Promise<T> {
  for (;;) {
    const answer = await probe();
    if (answer) return answer;
    await sleep(25);
  }
}

/** The receiver's check of a delivery, as the README shows it. */
function verifies(secret: string, headers: IncomingHttpHeaders, body: string): boolean {
  const timestamp = String(headers['stonetrace-timestamp']);
  const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
  const given = String(headers['stonetrace-signature']);
  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

const REGISTER = `mutation($url: String!, $events: [NotificationType!]!) {
  registerWebhook(url: $url, events: $events) { secret webhook { id url events } }
}`;
const DELIVERIES = `{ webhooks { nodes { id deliveries { nodes {
  state notification { id type } attempts { httpStatus error }
} } } } }`;
const FEED = `query($first: Int, $after: String) {
  notifications(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { id type subjectKind subjectId data }
  }
}`;
const RECORD = `mutation($input: DeliveryInput!) { recordDelivery(input: $input) { id } }`;

/** Importer I delivers project X's stone from quarry Q via processor P; project Y's importer J is elsewhere. */
async function twoBuyers(app: FastifyInstance) {
  const tc = new TrackedChain();
  tc.chain.quarry('Q').quarry('Q2').processor('P').importer('I').importer('J').project('X').project('Y');
  tc.link('Q', 'P');
  tc.link('P', 'I');
  tc.delivery('X', 'I');
  tc.delivery('Y', 'J');
  await tc.chain.save(app.graph);
  return {
    tc,
    buyerX: await issueToken(app, 'BUYER', tc.id('X-buyer')),
    buyerY: await issueToken(app, 'BUYER', tc.id('Y-buyer')),
    importer: await issueToken(app, 'MEMBER', tc.id('I')),
    delivery: (tonnes = 5) => ({
      projectId: tc.id('X'),
      importerId: tc.id('I'),
      stoneType: 'GRANITE',
      quantity: tonnes,
      unit: 'T',
      massTonnes: tonnes,
      deliveredOn: '2025-07-01',
    }),
  };
}

type FeedNode = { id: string; type: string; subjectKind: string; subjectId: string; data: string };

async function feedOf(app: FastifyInstance, token: string): Promise<FeedNode[]> {
  const nodes: FeedNode[] = [];
  let after: string | null = null;
  for (;;) {
    const { data, errors } = await gql(app, FEED, { first: 2, after }, token);
    if (errors) throw new Error(JSON.stringify(errors));
    const page = data!.notifications as {
      nodes: FeedNode[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
    nodes.push(...page.nodes);
    if (!page.pageInfo.hasNextPage) return nodes;
    after = page.pageInfo.endCursor;
  }
}

t.test('each change notifies exactly the buyers whose projects it concerns, oldest first', async (t) => {
  const app = await appWith(t, { worker: false });
  const { tc, buyerX, buyerY, importer, delivery } = await twoBuyers(app);
  const admin = await issueToken(app, 'ADMIN');

  const recorded = await gql(app, RECORD, { input: delivery() }, importer);
  const deliveryId = (recorded.data!.recordDelivery as { id: string }).id;
  const linked = await gql(
    app,
    `mutation($input: SupplyLinkInput!) { registerSupplyLink(input: $input) { id } }`,
    { input: { supplierId: tc.id('Q2'), customerId: tc.id('I'), stoneType: 'GRANITE', validFrom: '2024-01-01' } },
    admin,
  );
  const linkId = (linked.data!.registerSupplyLink as { id: string }).id;
  await gql(app, `mutation($id: ID!) { endSupplyLink(id: $id, validTo: "2025-12-31") { id } }`, { id: linkId }, admin);
  await gql(
    app,
    `mutation($id: ID!) { cancelDelivery(id: $id, reason: "wrong lot") { id } }`,
    { id: deliveryId },
    buyerX,
  );

  const feed = await feedOf(app, buyerX);
  t.same(
    feed.map(({ type, subjectId }) => [type, subjectId]),
    [
      ['DELIVERY_RECORDED', deliveryId],
      ['SUPPLY_LINKS_ADDED', linkId],
      ['SUPPLY_LINK_ENDED', linkId],
      ['DELIVERY_CANCELLED', deliveryId],
    ],
    'in the order the changes were made, page after page',
  );
  t.same(new Set(feed.map(({ id }) => id)).size, 4, 'each event has an id of its own');
  const added = JSON.parse(feed[1]!.data) as {
    supplyLinks: { id: string; supplierId: string; projectIds: string[] }[];
  };
  t.same(
    added.supplyLinks.map(({ id, supplierId, projectIds }) => ({ id, supplierId, projectIds })),
    [{ id: linkId, supplierId: tc.id('Q2'), projectIds: [tc.id('X')] }],
    'the added link, with the buyer projects whose chain it joins',
  );
  t.same(await feedOf(app, buyerY), [], 'the buyer of a project elsewhere hears of none of it');
  t.same(await feedOf(app, importer), [], 'chain events go to buyers; the importer made them');

  const analyst = await gql(app, FEED, {}, await issueToken(app, 'ANALYST'));
  t.equal(analyst.data?.notifications.totalCount, 0, 'a key of no organisation has no feed');
  const badCursor = await gql(app, FEED, { after: 'not-a-cursor' }, buyerX);
  t.equal(badCursor.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
});

t.test('a later step of a complaint reaches the organisations its admission reached, and no others', async (t) => {
  const app = await appWith(t, { worker: false });
  const { tc, buyerX, buyerY } = await twoBuyers(app);
  const admin = await issueToken(app, 'ADMIN');
  const filed = await gql(app, `mutation($input: ComplaintInput!) { fileComplaint(input: $input) { reference } }`, {
    input: { siteId: tc.id('Q'), themes: ['CHILD_LABOUR'], description: 'Children carry stone at the quarry.' },
  });
  const reference = (filed.data!.fileComplaint as { reference: string }).reference;
  const listed = await gql(app, `{ complaints(siteId: "${tc.id('Q')}") { nodes { id } } }`, {}, admin);
  const complaintId = (listed.data!.complaints as { nodes: { id: string }[] }).nodes[0]!.id;
  const step = `mutation($id: ID!, $status: ComplaintStatus) { updateComplaint(id: $id, status: $status) { status } }`;
  await gql(app, step, { id: complaintId, status: 'ADMISSIBLE' }, admin);
  await gql(app, step, { id: complaintId, status: 'IN_DIALOGUE' }, admin);

  const feed = await feedOf(app, buyerX);
  t.same(
    feed.map(({ type }) => type),
    ['COMPLAINT_ADMISSIBLE', 'COMPLAINT_STATUS_CHANGED'],
  );
  t.same(JSON.parse(feed[1]!.data), { complaint: { reference, status: 'IN_DIALOGUE', previousStatus: 'ADMISSIBLE' } });
  t.same(await feedOf(app, buyerY), [], 'an organisation the complaint does not affect hears nothing');
});

const eventsWithId = cypher<{ id: string }, { events: number; deliveries: number }>(
  'test_notification_footprint',
  `RETURN COUNT { MATCH (:Notification {organisationId: $id}) } AS events,
          COUNT { MATCH (:WebhookDelivery)-[:OF]->(:Notification {organisationId: $id}) } AS deliveries`,
);

t.test('an event written in a transaction that rolls back never appears', async (t) => {
  const app = await appWith(t, { worker: false });
  const { tc, buyerX } = await twoBuyers(app);
  await gql(app, REGISTER, { url: 'https://93.184.215.14/hook', events: ['DELIVERY_RECORDED'] }, buyerX);
  const failing = app.graph.writeTransaction(async (tx) => {
    await notify(tx, [
      {
        type: 'DELIVERY_RECORDED',
        organisationId: tc.id('X-buyer'),
        subject: { kind: 'Delivery', id: 'never' },
        data: {},
      },
    ]);
    throw new Error('the change fails after its event was written');
  });
  await t.rejects(failing, /the change fails/);
  t.same(await feedOf(app, buyerX), [], 'not in the feed');
  t.same(
    await app.graph.read(eventsWithId, { id: tc.id('X-buyer') }),
    [{ events: 0, deliveries: 0 }],
    'not in the outbox',
  );
});

t.test('a receiver that is down at first gets the event, signed, after the service restarted', async (t) => {
  const receiver = new Receiver();
  // A port nobody listens on yet: the first attempts are refused.
  const port = await receiver.listen();
  await receiver.close();
  t.teardown(() => receiver.close());

  const first = await buildApp(testConfig({ webhooks: quick }), { logger: false });
  t.teardown(() => first.close());
  await first.graphMigrated;
  const { buyerX, importer, delivery } = await twoBuyers(first);
  const registered = await gql(
    first,
    REGISTER,
    { url: `http://127.0.0.1:${port}/hook`, events: ['DELIVERY_RECORDED'] },
    buyerX,
  );
  const { secret, webhook } = registered.data!.registerWebhook as { secret: string; webhook: { id: string } };
  t.match(secret, /^whsec_[A-Za-z0-9_-]{43}$/, 'the secret, shown once');
  const recorded = await gql(first, RECORD, { input: delivery(7) }, importer);
  const deliveryId = (recorded.data!.recordDelivery as { id: string }).id;
  type Log = {
    webhooks: {
      nodes: {
        id: string;
        deliveries: { nodes: { state: string; attempts: { httpStatus: number | null; error: string | null }[] }[] };
      }[];
    };
  };
  await until(async () => {
    const log = (await gql<Log>(first, DELIVERIES, {}, buyerX)).data!;
    return log.webhooks.nodes[0]!.deliveries.nodes[0]?.attempts.some(({ error }) => error !== null);
  });
  await first.close();

  await receiver.listen(port);
  const second = await appWith(t, quick);
  await until(async () => receiver.processed.size > 0);
  const [event] = await feedOf(second, buyerX);
  const { headers, body } = receiver.requests.at(-1)!;
  t.ok(verifies(secret, headers, body), 'the signature verifies with the secret');
  t.equal(headers['stonetrace-event-id'], event!.id, 'the event id travels in a header ...');
  const received = receiver.processed.get(event!.id)!;
  t.match(received, {
    id: event!.id,
    type: 'DELIVERY_RECORDED',
    subject: { kind: 'Delivery', id: deliveryId },
    data: { delivery: { id: deliveryId, massTonnes: 7 } },
    truncated: false,
  });
  t.same([...receiver.processed.keys()], [event!.id], '... and the receiver processed the event once');

  const log = await until(async () => {
    const { data } = await gql<Log>(second, DELIVERIES, {}, buyerX);
    const [entry] = data!.webhooks.nodes.find(({ id }) => id === webhook.id)!.deliveries.nodes;
    return entry?.state === 'DELIVERED' ? entry : undefined;
  });
  t.ok(log.attempts.length >= 2, 'the delivery log shows the refused attempts and the one that succeeded');
  t.match(log.attempts[0], { httpStatus: null, error: /connection failed/ });
  t.match(log.attempts.at(-1), { httpStatus: 204, error: null });
  await gql(second, `mutation($id: ID!) { removeWebhook(id: $id) { id } }`, { id: webhook.id }, buyerX);
});

const pendingOf = cypher<{ webhookId: string }, { id: string }>(
  'test_webhook_deliveries_of',
  `MATCH (delivery:WebhookDelivery)-[:TO]->(:Webhook {id: $webhookId}) RETURN delivery.id AS id`,
);

t.test('two instances claiming at once never claim the same delivery', async (t) => {
  const app = await appWith(t, { worker: false, allowPrivate: true });
  const { buyerX, importer, delivery } = await twoBuyers(app);
  const registered = await gql(
    app,
    REGISTER,
    { url: 'http://127.0.0.1:9/unused', events: ['DELIVERY_RECORDED'] },
    buyerX,
  );
  const webhookId = (registered.data!.registerWebhook as { webhook: { id: string } }).webhook.id;
  for (let i = 1; i <= 6; i++) await gql(app, RECORD, { input: delivery(i) }, importer);
  const mine = new Set((await app.graph.read(pendingOf, { webhookId })).map(({ id }) => id));
  t.equal(mine.size, 6);

  const [a, b] = await Promise.all([
    new DeliveryQueue(app.graph, 60_000).claim(1000),
    new DeliveryQueue(app.graph, 60_000).claim(1000),
  ]);
  const byA = new Set(a.deliveries.map(({ id }) => id));
  const byB = b.deliveries.map(({ id }) => id);
  t.same(
    byB.filter((id) => byA.has(id)),
    [],
    'no delivery is claimed by both',
  );
  t.same(
    [...mine].filter((id) => !byA.has(id) && !byB.includes(id)),
    [],
    'between them they claimed every due delivery',
  );
  await gql(app, `mutation($id: ID!) { removeWebhook(id: $id) { id } }`, { id: webhookId }, buyerX);
});

t.test('a delivery claimed by an instance that died is sent by another once the lease has run out', async (t) => {
  const receiver = new Receiver();
  const port = await receiver.listen();
  t.teardown(() => receiver.close());
  const app = await appWith(t, { ...quick, worker: false });
  const { buyerX, importer, delivery } = await twoBuyers(app);
  const registered = await gql(
    app,
    REGISTER,
    { url: `http://127.0.0.1:${port}/hook`, events: ['DELIVERY_RECORDED'] },
    buyerX,
  );
  const webhookId = (registered.data!.registerWebhook as { webhook: { id: string } }).webhook.id;
  await gql(app, RECORD, { input: delivery() }, importer);
  const [mine] = await app.graph.read(pendingOf, { webhookId });
  // The instance that dies: it claims with a short lease and never sends.
  const dead = await new DeliveryQueue(app.graph, 500).claim(1000);
  t.ok(
    dead.deliveries.some(({ id }) => id === mine!.id),
    'the dying instance held the delivery',
  );

  await appWith(t, quick);
  await until(async () => receiver.processed.size > 0);
  t.equal(receiver.processed.size, 1, 'the event arrives, once');
  await gql(app, `mutation($id: ID!) { removeWebhook(id: $id) { id } }`, { id: webhookId }, buyerX);
});

t.test('webhook URLs that could reach a private network are refused, at registration and at delivery', async (t) => {
  const app = await appWith(t, { worker: false, allowPrivate: false, maxPerOrganisation: 2 });
  const { buyerX } = await twoBuyers(app);
  const refusal = async (url: string) => {
    const { errors } = await gql(app, REGISTER, { url, events: ['DELIVERY_RECORDED'] }, buyerX);
    return (
      errors?.[0]?.extensions && {
        code: errors[0].extensions.code,
        field: errors[0].extensions.field,
        rule: errors[0].extensions.rule,
      }
    );
  };
  t.same(await refusal('http://93.184.215.14/hook'), { code: 'BAD_USER_INPUT', field: 'url', rule: 'webhook_https' });
  for (const url of [
    'https://127.0.0.1/hook',
    'https://localhost:8443/hook',
    'https://10.1.2.3/hook',
    'https://192.168.0.10/hook',
    'https://[::1]/hook',
    'https://[fd00::1]/hook',
    'https://169.254.169.254/latest/meta-data',
    'https://[::ffff:127.0.0.1]/hook',
    'https://0.0.0.0/hook',
  ]) {
    t.same(await refusal(url), { code: 'BAD_USER_INPUT', field: 'url', rule: 'webhook_public_address' }, url);
  }
  t.same(await refusal('https://user:secret@93.184.215.14/hook'), {
    code: 'BAD_USER_INPUT',
    field: 'url',
    rule: 'webhook_no_credentials',
  });
  t.same(
    (await gql(app, `{ webhooks { totalCount } }`, {}, buyerX)).data,
    { webhooks: { totalCount: 0 } },
    'none was registered',
  );

  const registered = await gql(
    app,
    REGISTER,
    { url: 'https://93.184.215.14/a', events: ['SUPPLY_LINK_ENDED'] },
    buyerX,
  );
  t.notOk(registered.errors, 'a public address is accepted');
  await gql(app, REGISTER, { url: 'https://93.184.215.14/b', events: ['SUPPLY_LINK_ENDED'] }, buyerX);
  t.same(await refusal('https://93.184.215.14/c'), {
    code: 'CONFLICT',
    field: undefined,
    rule: 'webhooks_per_organisation',
  });
  const admin = await gql(
    app,
    REGISTER,
    { url: 'https://93.184.215.14/d', events: ['DELIVERY_RECORDED'] },
    await issueToken(app, 'ADMIN'),
  );
  t.equal(admin.errors?.[0]?.extensions?.code, 'FORBIDDEN', 'a key of no organisation registers none');
});

t.test('at delivery, a host that now resolves to a private address is not called', async (t) => {
  const receiver = new Receiver();
  const port = await receiver.listen();
  t.teardown(() => receiver.close());
  const open = await appWith(t, { ...quick, worker: false });
  const { buyerX, importer, delivery } = await twoBuyers(open);
  // Registered while private addresses were allowed; the instance sending it allows none.
  const registered = await gql(
    open,
    REGISTER,
    { url: `http://localhost:${port}/hook`, events: ['DELIVERY_RECORDED'] },
    buyerX,
  );
  const webhookId = (registered.data!.registerWebhook as { webhook: { id: string } }).webhook.id;
  await gql(open, RECORD, { input: delivery() }, importer);
  await appWith(t, { ...quick, allowPrivate: false });
  type Log = {
    webhooks: { nodes: { id: string; deliveries: { nodes: { attempts: { error: string | null }[] }[] } }[] };
  };
  const attempt = await until(async () => {
    const { data } = await gql<Log>(open, DELIVERIES, {}, buyerX);
    return data!.webhooks.nodes.find(({ id }) => id === webhookId)!.deliveries.nodes[0]?.attempts[0];
  });
  t.match(attempt.error, /refused: localhost resolves to .* which is not a public address/);
  t.same(receiver.requests, [], 'the receiver was never called');
  await gql(open, `mutation($id: ID!) { removeWebhook(id: $id) { id } }`, { id: webhookId }, buyerX);
});
