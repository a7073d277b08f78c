import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import t, { type Test } from 'tap';
import { buildApp } from '../src/app.js';
import { KeyStore } from '../src/auth/keys.js';
import { newToken } from '../src/auth/tokens.js';
import type { EdgeSettings } from '../src/config.js';
import { loadDataset } from '../src/seed/load.js';
import { issueToken, testConfig } from './helpers/app.js';
import { cypherDuring } from './helpers/cypher.js';
import { emptyDataset } from './helpers/chain.js';

/**
 * Fair use against the real database: budgets per API key and per address, refused tokens counted
 * per address and remembered per key id, and the answers a client sees when it is refused.
 */

type Limits = Partial<EdgeSettings['rateLimits']>;

async function limitedApp(
  t: Test,
  limits: Limits,
  edge: Partial<Omit<EdgeSettings, 'rateLimits'>> = {},
): Promise<FastifyInstance> {
  const config = testConfig();
  const app = await buildApp(
    { ...config, edge: { ...config.edge, ...edge, rateLimits: { ...config.edge.rateLimits, ...limits } } },
    { logger: false },
  );
  t.teardown(() => app.close());
  await app.graphMigrated;
  return app;
}

const viewerQuery = { query: '{ viewer { role } }' };
const randomAddress = (): string => `10.${randomBytes(3).join('.')}`;
const madeUpToken = (): string => newToken().token;

function post(app: FastifyInstance, address: string, token?: string, payload: object = viewerQuery) {
  const options: InjectOptions = { method: 'POST', url: '/graphql', payload, remoteAddress: address };
  if (token) options.headers = { authorization: `Bearer ${token}` };
  return app.inject(options);
}

/** Counts the API-key lookups that reach Neo4j while `work` runs. */
const keyLookups = async (work: () => Promise<unknown>): Promise<number> =>
  (await cypherDuring(work)).filter((name) => name === 'api_key_by_id').length;

t.test('an API key over its budget gets 429 with Retry-After, a GraphQL error and its budget in headers', async (t) => {
  const app = await limitedApp(t, { perKey: 3, windowMs: 60_000 });
  const token = await issueToken(app, 'ANALYST');
  const address = randomAddress();
  for (const remaining of [2, 1, 0]) {
    const response = await post(app, address, token);
    t.equal(response.statusCode, 200);
    t.same(response.json().data, { viewer: { role: 'ANALYST' } });
    t.equal(response.headers['x-ratelimit-limit'], '3');
    t.equal(response.headers['x-ratelimit-remaining'], String(remaining), `${remaining} left`);
    t.ok(Number(response.headers['x-ratelimit-reset']) > 0, 'and when the window ends');
  }
  const refused = await post(app, address, token);
  t.equal(refused.statusCode, 429);
  const retryAfter = Number(refused.headers['retry-after']);
  t.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter} s is within the window`);
  t.equal(refused.headers['x-ratelimit-remaining'], '0');
  const body = refused.json();
  t.equal(body.errors[0].extensions.code, 'RATE_LIMITED', 'a GraphQL error with a stable code');
  t.equal(body.errors[0].extensions.retryAfterSeconds, retryAfter);
  t.match(body.errors[0].message, /3 requests for this API key per 60 s/);

  const other = await issueToken(app, 'ANALYST');
  t.equal((await post(app, address, other)).statusCode, 200, 'another key from the same address has its own budget');
});

t.test('without a key, each address has its own budget; other routes answer {error, code}', async (t) => {
  const app = await limitedApp(t, { perAddress: 2 });
  const gateway = randomAddress();
  const csv = (address: string) => app.inject({ url: '/reports/quarry-areas/2025.csv', remoteAddress: address });
  t.equal((await csv(gateway)).statusCode, 200);
  t.equal((await csv(gateway)).statusCode, 200);
  const refused = await csv(gateway);
  t.equal(refused.statusCode, 429);
  t.ok(Number(refused.headers['retry-after']) >= 1, 'with Retry-After');
  t.match(refused.json(), { error: /requests without an API key from this address/, code: 'RATE_LIMITED' });
  t.equal((await csv(randomAddress())).statusCode, 200, 'another address is not affected');

  const token = await issueToken(app, 'ANALYST');
  t.equal((await post(app, gateway, token)).statusCode, 200, 'a key behind the limited address still works');
  t.equal((await app.inject({ url: '/healthz', remoteAddress: gateway })).statusCode, 200, 'liveness is never limited');
  t.not((await app.inject({ url: '/readyz', remoteAddress: gateway })).statusCode, 429, 'nor is readiness');
});

t.test('refused tokens from one gateway: 401, then 429; valid keys behind it keep working', async (t) => {
  const app = await limitedApp(t, { authFailuresPerAddress: 3, perAddress: 100 });
  const gateway = randomAddress();
  const valid = await issueToken(app, 'ANALYST');
  for (const remaining of [2, 1, 0]) {
    const response = await post(app, gateway, madeUpToken());
    t.equal(response.statusCode, 401, 'a wrong token is refused as such');
    t.equal(response.json().errors[0].extensions.code, 'UNAUTHENTICATED');
    t.equal(response.headers['x-ratelimit-remaining'], String(remaining), 'and says how many more it may try');
  }
  const refused = await post(app, gateway, madeUpToken());
  t.equal(refused.statusCode, 429, 'beyond the budget the address is told to wait');
  t.ok(Number(refused.headers['retry-after']) >= 1);
  t.equal(refused.json().errors[0].extensions.code, 'RATE_LIMITED');

  const meanwhile = await post(app, gateway, valid);
  t.equal(meanwhile.statusCode, 200, 'a valid key from the same address is served');
  t.ok(meanwhile.json().data.viewer.role, 'with its data');
  t.equal((await post(app, gateway)).statusCode, 200, 'so is an anonymous request');
  t.equal((await post(app, randomAddress(), madeUpToken())).statusCode, 401, 'other addresses still get 401');
});

t.test(
  'a known-bad key id costs no Neo4j query; a revoked key stays refused; a wrong secret locks nobody out',
  async (t) => {
    // Valid keys are looked up every time here, so the revocation below bites at once (see the permissions test for the delay).
    const app = await limitedApp(t, { authFailuresPerAddress: 1000 }, { keyCacheTtlMs: 0 });
    const address = randomAddress();

    const unknown = madeUpToken();
    t.equal(await keyLookups(() => post(app, address, unknown)), 1, 'the first try of an unknown key id asks Neo4j');
    t.equal(
      await keyLookups(async () => {
        for (let i = 0; i < 5; i++) t.equal((await post(app, address, unknown)).statusCode, 401);
      }),
      0,
      'repeating it asks Neo4j no more',
    );

    const keys = new KeyStore(app.graph);
    const { keyId, token } = await keys.issue('ANALYST', null, 'test');
    t.equal((await post(app, address, token)).statusCode, 200);
    await keys.revoke(keyId);
    const first = await post(app, address, token);
    t.equal(first.statusCode, 401, 'a revoked key is refused');
    t.match(first.json().errors[0].message, /revoked/);
    let again = await post(app, address, token);
    t.equal(await keyLookups(async () => (again = await post(app, address, token))), 0, 'and then without a query');
    t.equal(again.statusCode, 401, 'still refused');
    t.match(again.json().errors[0].message, /revoked/, 'with the same reason');

    const holder = await keys.issue('ANALYST', null, 'test');
    const wrongSecret = `stk_${holder.keyId}.${'A'.repeat(43)}`;
    for (let i = 0; i < 3; i++) t.equal((await post(app, randomAddress(), wrongSecret)).statusCode, 401);
    t.equal(
      (await post(app, address, holder.token)).statusCode,
      200,
      "the key's holder is not locked out by someone guessing its secret",
    );
  },
);

t.test('a key stored after its id was refused works once the refusal has expired', async (t) => {
  // Long enough for the write below on a busy machine, short enough to wait out.
  const ttlMs = 4_000;
  const app = await limitedApp(t, {}, { unknownKeyTtlMs: ttlMs });
  const address = randomAddress();
  const token = madeUpToken();
  t.equal((await post(app, address, token)).statusCode, 401, 'unknown at first');
  const missedAt = Date.now(); // no earlier than the refusal was remembered
  await loadDataset(app.graph, {
    ...emptyDataset(),
    apiKeys: [{ key: `t-${randomBytes(6).toString('hex')}`, role: 'ANALYST', organisation: null, note: 'test', token }],
  });
  t.equal(
    await keyLookups(async () => t.equal((await post(app, address, token)).statusCode, 401)),
    0,
    'still refused from memory right after',
  );
  await new Promise((resolve) => setTimeout(resolve, missedAt + ttlMs + 100 - Date.now()));
  t.equal((await post(app, address, token)).statusCode, 200, 'accepted once the refusal expired');
});

t.test('behind a trusted proxy each client address is counted; otherwise they share the proxy', async (t) => {
  const proxy = randomAddress();
  const anonymousVia = (app: FastifyInstance, client: string) =>
    app.inject({ url: '/reports/quarry-areas/2025.csv', remoteAddress: proxy, headers: { 'x-forwarded-for': client } });

  const direct = await limitedApp(t, { perAddress: 1 });
  t.equal((await anonymousVia(direct, randomAddress())).statusCode, 200);
  t.equal(
    (await anonymousVia(direct, randomAddress())).statusCode,
    429,
    'without TRUST_PROXY the forwarded address is ignored',
  );

  const config = testConfig();
  const trusting = await limitedApp(t, { perAddress: 1 }, { trustProxy: [proxy] });
  t.ok(config.edge.trustProxy === false, 'trusting no proxy is the default');
  t.equal((await anonymousVia(trusting, randomAddress())).statusCode, 200);
  t.equal((await anonymousVia(trusting, randomAddress())).statusCode, 200, 'with it each client has its own budget');
  const client = randomAddress();
  t.equal((await anonymousVia(trusting, client)).statusCode, 200);
  t.equal((await anonymousVia(trusting, client)).statusCode, 429, 'and the same client is limited');
});
