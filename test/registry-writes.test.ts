import { Writable } from 'node:stream';
import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { KeyStore } from '../src/auth/keys.js';
import { cypher } from '../src/db/graph.js';
import { footprint, gql, issueToken, testApp, testConfig } from './helpers/app.js';
import { ChainBuilder } from './helpers/chain.js';
import { authoriseImporter } from './helpers/orgs.js';

const REGISTER_LINK = `mutation($input: SupplyLinkInput!, $key: String) {
  registerSupplyLink(input: $input, idempotencyKey: $key) { id stoneType validFrom validTo annualVolumeTonnes supplier { id } customer { id } }
}`;

const linkCount = cypher<{ supplierId: string; customerId: string }, { n: number }>(
  'test_link_count',
  'MATCH (:ChainNode {id: $supplierId})<-[:SUPPLIER]-(l:SupplyLink)-[:CUSTOMER]->(:ChainNode {id: $customerId}) RETURN count(l) AS n',
);

/**
 * Importer I (the MEMBER) registers its own supplier P, which an ADMIN links to quarry Q: a member
 * can only name suppliers it sees (its chain, or records it registered). I may deliver to project X.
 */
async function memberChain(app: FastifyInstance) {
  const built = await new ChainBuilder().quarry('Q').importer('I').project('X').save(app.graph);
  const member = await issueToken(app, 'MEMBER', built.id('I'));
  const admin = await issueToken(app, 'ADMIN');
  const processor = await gql(
    app,
    // Named for this chain only: a processor "P" of an earlier run, which this member does not see, is a likely duplicate.
    'mutation($name: String!) { registerProcessor(input: {name: $name, country: "CN", city: "Xiamen"}) { id } }',
    { name: `P ${built.id('P')}` },
    member,
  );
  const processorId = processor.data!.registerProcessor.id as string;
  await gql(
    app,
    REGISTER_LINK,
    { input: { supplierId: built.id('Q'), customerId: processorId, stoneType: 'GRANITE', validFrom: '2020-01-01' } },
    admin,
  );
  await authoriseImporter(app, admin, built.id('X'), built.id('I'));
  const chain = { id: (name: string) => (name === 'P' ? processorId : built.id(name)) };
  return { chain, member };
}

t.test('50 concurrent identical registrations give exactly one link', async (t) => {
  const app = await testApp(t);
  const { chain, member } = await memberChain(app);
  const input = { supplierId: chain.id('P'), customerId: chain.id('I'), stoneType: 'GRANITE', validFrom: '2025-01-01' };
  const results = await Promise.all(Array.from({ length: 50 }, () => gql(app, REGISTER_LINK, { input }, member)));
  t.same(
    results.filter((r) => r.errors).map((r) => r.errors),
    [],
    'no request failed',
  );
  const ids = new Set(results.map((r) => r.data!.registerSupplyLink.id));
  t.equal(ids.size, 1, 'every request got the same link');
  const [count] = await app.graph.read(linkCount, { supplierId: chain.id('P'), customerId: chain.id('I') });
  t.equal(count!.n, 1, 'one link in the database');
});

t.test(
  'the same link with overlapping validity returns the existing one; a later, disjoint period is a new link',
  async (t) => {
    const app = await testApp(t);
    const { chain, member } = await memberChain(app);
    const base = { supplierId: chain.id('P'), customerId: chain.id('I'), stoneType: 'GRANITE' };
    const first = await gql(
      app,
      REGISTER_LINK,
      { input: { ...base, validFrom: '2024-01-01', validTo: '2024-12-31' } },
      member,
    );
    const overlapping = await gql(app, REGISTER_LINK, { input: { ...base, validFrom: '2024-06-01' } }, member);
    const disjoint = await gql(app, REGISTER_LINK, { input: { ...base, validFrom: '2025-01-01' } }, member);
    const otherType = await gql(
      app,
      REGISTER_LINK,
      { input: { ...base, stoneType: 'MARBLE', validFrom: '2024-06-01' } },
      member,
    );
    t.equal(overlapping.data!.registerSupplyLink.id, first.data!.registerSupplyLink.id);
    t.not(disjoint.data!.registerSupplyLink.id, first.data!.registerSupplyLink.id);
    t.not(otherType.data!.registerSupplyLink.id, first.data!.registerSupplyLink.id);
  },
);

t.test(
  'idempotency keys: same key and input replays, different input conflicts, keys are per organisation',
  async (t) => {
    const app = await testApp(t);
    const { chain, member } = await memberChain(app);
    const input = {
      supplierId: chain.id('P'),
      customerId: chain.id('I'),
      stoneType: 'GRANITE',
      validFrom: '2025-01-01',
    };
    const first = await gql(app, REGISTER_LINK, { input, key: 'batch-7' }, member);
    const replay = await gql(app, REGISTER_LINK, { input, key: 'batch-7' }, member);
    t.same(replay.data, first.data, 'the first result again');

    const changed = await gql(
      app,
      REGISTER_LINK,
      { input: { ...input, annualVolumeTonnes: 12 }, key: 'batch-7' },
      member,
    );
    t.equal(changed.errors?.[0]?.extensions?.code, 'CONFLICT');
    t.equal(changed.data, null);

    const delivery = {
      projectId: chain.id('X'),
      importerId: chain.id('I'),
      stoneType: 'GRANITE',
      quantity: 3,
      unit: 'T',
      massTonnes: 3,
      deliveredOn: '2025-05-01',
    };
    const record = `mutation($input: DeliveryInput!, $key: String) { recordDelivery(input: $input, idempotencyKey: $key) { id } }`;
    const d1 = await gql(app, record, { input: delivery, key: 'lorry-1' }, member);
    const d2 = await gql(app, record, { input: delivery, key: 'lorry-1' }, member);
    const d3 = await gql(app, record, { input: delivery, key: 'lorry-2' }, member);
    t.equal(d2.data!.recordDelivery.id, d1.data!.recordDelivery.id, 'a retried delivery is recorded once');
    t.not(d3.data!.recordDelivery.id, d1.data!.recordDelivery.id, 'a new key is a new delivery');
    const reused = await gql(app, record, { input: delivery, key: 'batch-7' }, member);
    t.equal(reused.errors?.[0]?.extensions?.code, 'CONFLICT', 'a key used for another mutation conflicts');

    // Another organisation's key with the same idempotency key is independent.
    const other = await new ChainBuilder().importer('J').save(app.graph);
    const otherMember = await issueToken(app, 'MEMBER', other.id('J'));
    const theirs = await gql(
      app,
      'mutation($name: String!) { registerProcessor(input: {name: $name, country: "IT"}) { id } }',
      { name: `Theirs ${other.id('J')}` },
      otherMember,
    );
    const theirLink = await gql(
      app,
      REGISTER_LINK,
      { input: { ...input, supplierId: theirs.data!.registerProcessor.id, customerId: other.id('J') }, key: 'batch-7' },
      otherMember,
    );
    t.equal(theirLink.errors, undefined, 'the same key in another organisation is not a conflict');
  },
);

t.test('every validation rule is a BAD_USER_INPUT naming the field, and writes nothing', async (t) => {
  const app = await testApp(t);
  const { chain, member } = await memberChain(app);
  const admin = await issueToken(app, 'ADMIN');
  const link = { supplierId: chain.id('P'), customerId: chain.id('I'), stoneType: 'GRANITE', validFrom: '2025-01-01' };
  const quarry = { name: 'New', country: 'PT', region: 'Evora', lat: 38.8, lon: -7.4, stoneTypes: ['MARBLE'] };
  const delivery = {
    projectId: chain.id('X'),
    importerId: chain.id('I'),
    stoneType: 'GRANITE',
    quantity: 3,
    unit: 'T',
    massTonnes: 3,
    deliveredOn: '2025-05-01',
  };
  const cases: { name: string; query: string; variables: Record<string, unknown>; field: string; token?: string }[] = [
    {
      name: 'country not ISO',
      query: 'mutation($i: QuarryInput!) { registerQuarry(input: $i) { id } }',
      variables: { i: { ...quarry, country: 'XX' } },
      field: 'input.country',
    },
    {
      name: 'country as a name',
      query: 'mutation($i: QuarryInput!) { registerQuarry(input: $i) { id } }',
      variables: { i: { ...quarry, country: 'Portugal' } },
      field: 'input.country',
    },
    {
      name: 'latitude out of range',
      query: 'mutation($i: QuarryInput!) { registerQuarry(input: $i) { id } }',
      variables: { i: { ...quarry, lat: 91 } },
      field: 'input.lat',
    },
    {
      name: 'longitude out of range',
      query: 'mutation($i: QuarryInput!) { registerQuarry(input: $i) { id } }',
      variables: { i: { ...quarry, lon: -181 } },
      field: 'input.lon',
    },
    {
      name: 'lat without lon',
      query: 'mutation($i: QuarryInput!) { registerQuarry(input: $i) { id } }',
      variables: { i: { ...quarry, lon: null } },
      field: 'input.lon',
    },
    {
      name: 'blank name (trimmed)',
      query: 'mutation($i: QuarryInput!) { registerQuarry(input: $i) { id } }',
      variables: { i: { ...quarry, name: '   ' } },
      field: 'input.name',
    },
    {
      name: 'name too long',
      query: 'mutation($i: QuarryInput!) { registerQuarry(input: $i) { id } }',
      variables: { i: { ...quarry, name: 'x'.repeat(201) } },
      field: 'input.name',
    },
    {
      name: 'no stone type',
      query: 'mutation($i: QuarryInput!) { registerQuarry(input: $i) { id } }',
      variables: { i: { ...quarry, stoneTypes: [] } },
      field: 'input.stoneTypes',
    },
    {
      name: 'validFrom after validTo',
      query: REGISTER_LINK,
      variables: { input: { ...link, validTo: '2024-12-31' } },
      field: 'input.validTo',
    },
    {
      name: 'link to itself',
      query: REGISTER_LINK,
      variables: { input: { ...link, supplierId: chain.id('I') } },
      field: 'input.customerId',
    },
    {
      name: 'negative volume',
      query: REGISTER_LINK,
      variables: { input: { ...link, annualVolumeTonnes: -5 } },
      field: 'input.annualVolumeTonnes',
    },
    {
      name: 'quarry as customer',
      query: REGISTER_LINK,
      variables: { input: { ...link, supplierId: chain.id('P'), customerId: chain.id('Q') } },
      field: 'input.customerId',
      token: admin,
    },
    {
      name: 'quarry without that stone',
      query: REGISTER_LINK,
      variables: { input: { ...link, supplierId: chain.id('Q'), stoneType: 'SLATE' } },
      field: 'input.stoneType',
    },
    {
      name: 'zero quantity',
      query: 'mutation($i: DeliveryInput!) { recordDelivery(input: $i) { id } }',
      variables: { i: { ...delivery, quantity: 0 } },
      field: 'input.quantity',
    },
    {
      name: 'negative mass',
      query: 'mutation($i: DeliveryInput!) { recordDelivery(input: $i) { id } }',
      variables: { i: { ...delivery, massTonnes: -1 } },
      field: 'input.massTonnes',
    },
    {
      name: 'end before start',
      query: 'mutation($id: ID!) { endSupplyLink(id: $id, validTo: "2019-01-01") { id } }',
      variables: { id: 'set below' },
      field: 'validTo',
    },
  ];
  const created = await gql(app, REGISTER_LINK, { input: link }, member);
  const linkId = created.data!.registerSupplyLink.id as string;
  cases.at(-1)!.variables = { id: linkId };

  const ids = [chain.id('Q'), chain.id('P'), chain.id('I'), chain.id('X'), linkId];
  const [before] = await app.graph.read(footprint, { ids });
  for (const c of cases) {
    const { errors, data } = await gql(app, c.query, c.variables, c.token ?? member);
    t.equal(errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', `${c.name}: BAD_USER_INPUT`);
    t.equal(errors?.[0]?.extensions?.field, c.field, `${c.name}: names ${c.field}`);
    t.ok(errors?.[0]?.extensions?.rule, `${c.name}: names the rule`);
    t.equal(data, null, `${c.name}: no data`);
  }
  const [after] = await app.graph.read(footprint, { ids });
  t.same(after, before, 'the records and everything around them are exactly as before');
});

t.test('a malformed Date literal is refused by the scalar', async (t) => {
  const app = await testApp(t);
  const admin = await issueToken(app, 'ADMIN');
  const { errors } = await gql(app, 'mutation { endSupplyLink(id: "x", validTo: "31-12-2025") { id } }', {}, admin);
  t.equal(errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
});

t.test('ending a link keeps it: past deliveries still trace through it', async (t) => {
  const app = await testApp(t);
  const { chain, member } = await memberChain(app);
  const link = await gql(
    app,
    REGISTER_LINK,
    { input: { supplierId: chain.id('P'), customerId: chain.id('I'), stoneType: 'GRANITE', validFrom: '2024-01-01' } },
    member,
  );
  await gql(
    app,
    `mutation($i: DeliveryInput!) { recordDelivery(input: $i) { id } }`,
    {
      i: {
        projectId: chain.id('X'),
        importerId: chain.id('I'),
        stoneType: 'GRANITE',
        quantity: 5,
        unit: 'T',
        massTonnes: 5,
        deliveredOn: '2024-06-01',
      },
    },
    member,
  );
  const ended = await gql(
    app,
    `mutation($id: ID!) { endSupplyLink(id: $id, validTo: "2024-12-31") { validTo } }`,
    { id: link.data!.registerSupplyLink.id },
    member,
  );
  t.equal(ended.data!.endSupplyLink.validTo, '2024-12-31');
  const trace = await gql(
    app,
    `query($id: ID!) { trace(projectId: $id) { tracedShare origins { quarry { name } } } }`,
    { id: chain.id('X') },
    member,
  );
  t.same(trace.data!.trace, { tracedShare: 1, origins: [{ quarry: { name: 'Q' } }] });
  const later = await gql(
    app,
    `query($id: ID!) { trace(projectId: $id, asOf: "2026-06-01") { tracedShare } }`,
    { id: chain.id('X') },
    member,
  );
  t.equal(later.data!.trace.tracedShare, 0, 'after the end date the link no longer counts');
});

t.test('the audit trail: accepted writes with before and after; refused writes leave none', async (t) => {
  const app = await testApp(t);
  const { chain, member } = await memberChain(app);
  const admin = await issueToken(app, 'ADMIN');
  const link = await gql(
    app,
    REGISTER_LINK,
    {
      input: {
        supplierId: chain.id('P'),
        customerId: chain.id('I'),
        stoneType: 'GRANITE',
        validFrom: '2024-01-01',
        annualVolumeTonnes: 100,
      },
    },
    member,
  );
  const linkId = link.data!.registerSupplyLink.id;
  await gql(
    app,
    `mutation($id: ID!) { updateSupplyLink(id: $id, input: {annualVolumeTonnes: 250}) { id } }`,
    { id: linkId },
    member,
  );
  await gql(app, `mutation($id: ID!) { endSupplyLink(id: $id, validTo: "2023-01-01") { id } }`, { id: linkId }, member);

  const trail = await gql(
    app,
    `query($id: ID!) { auditTrail(recordId: $id) { totalCount nodes { action recordKind actorRole actorOrganisationId actorKeyId before after at } } }`,
    { id: linkId },
    admin,
  );
  const entries = trail.data!.auditTrail.nodes;
  t.equal(trail.data!.auditTrail.totalCount, 2, 'two accepted writes; the refused end date left nothing');
  t.same(
    entries.map((e: any) => e.action),
    ['updateSupplyLink', 'registerSupplyLink'],
    'newest first',
  );
  t.equal(entries[1].before, null);
  t.equal(JSON.parse(entries[1].after).annualVolumeTonnes, 100);
  t.equal(JSON.parse(entries[0].before).annualVolumeTonnes, 100);
  t.equal(JSON.parse(entries[0].after).annualVolumeTonnes, 250);
  t.equal(entries[0].actorRole, 'MEMBER');
  t.equal(entries[0].actorOrganisationId, chain.id('I'));
  t.match(entries[0].actorKeyId, /^[0-9a-f]{16}$/);

  const byOrg = await gql(
    app,
    `query($org: ID!) { organisationAuditTrail(organisationId: $org) { totalCount } }`,
    { org: chain.id('I') },
    admin,
  );
  t.equal(byOrg.data!.organisationAuditTrail.totalCount, 3, 'the processor it registered, the link, the update');
  const forbidden = await gql(
    app,
    `query($org: ID!) { organisationAuditTrail(organisationId: $org) { totalCount } }`,
    { org: chain.id('I') },
    member,
  );
  t.equal(forbidden.errors?.[0]?.extensions?.code, 'FORBIDDEN');
});

t.test('refused writes and refused authentications are logged with who and why, never the token', async (t) => {
  const lines: string[] = [];
  const stream = new Writable({ write: (chunk, _enc, done) => void (lines.push(chunk.toString()), done()) });
  const app = await buildApp(testConfig(), { logger: { level: 'info', stream } as never });
  t.teardown(() => app.close());
  await app.graphMigrated;
  const analyst = await issueToken(app, 'ANALYST');
  await gql(app, 'mutation { registerBuyer(input: {name: "B", country: "NL"}) { id } }', {}, analyst);
  const revoked = await issueToken(app, 'ADMIN');
  await new KeyStore(app.graph).revoke(revoked.slice(4, 20));
  t.equal((await gql(app, '{ viewer { role } }', {}, revoked)).statusCode, 401);

  const log = lines.join('');
  t.match(
    log,
    /"code":"FORBIDDEN".*"keyId":"[0-9a-f]{16}".*"role":"ANALYST".*refused: ANALYST keys may not register buyers/,
  );
  t.match(log, /"reason":"revoked","keyId":"[0-9a-f]{16}".*authentication refused/);
  t.notMatch(log, analyst.split('.')[1]!, 'no token secret in the log');
  t.notMatch(log, revoked.split('.')[1]!, 'no token secret in the log');
});
