import { randomBytes } from 'node:crypto';
import t from 'tap';
import { analystToken, gql, issueToken, testApp, type GraphqlResponse } from './helpers/app.js';
import { ChainBuilder } from './helpers/chain.js';

t.test('project and quarry by id, with buyer and deliveries (importer and stone type)', async (t) => {
  const app = await testApp(t);
  const chain = await new ChainBuilder()
    .quarry('Q', {
      country: 'BR',
      region: 'Espirito Santo',
      lat: -19.1,
      lon: -40.6,
      stoneTypes: ['GRANITE', 'QUARTZITE'],
    })
    .importer('I')
    .project('X')
    .delivery('X', 'I', { deliveredOn: '2025-03-01', massTonnes: 12.5 })
    .delivery('X', 'I', { deliveredOn: '2024-11-02', stoneType: 'QUARTZITE' })
    .save(app.graph);

  const { data } = await gql(
    app,
    `query($p: ID!, $q: ID!) {
      project(id: $p) { id name kind city country buyer { name country }
        deliveries { stoneType massTonnes unit deliveredOn importer { name covenantMember } project { id } } }
      quarry(id: $q) { name country region location { lat lon } stoneTypes }
    }`,
    { p: chain.id('X'), q: chain.id('Q') },
    await analystToken(app),
  );
  t.same(data!.project, {
    id: chain.id('X'),
    name: 'X',
    kind: 'PLAZA',
    city: 'Utrecht',
    country: 'NL',
    buyer: { name: 'Buyer of X', country: 'NL' },
    deliveries: [
      {
        stoneType: 'QUARTZITE',
        massTonnes: 10,
        unit: 'T',
        deliveredOn: '2024-11-02',
        importer: { name: 'I', covenantMember: true },
        project: { id: chain.id('X') },
      },
      {
        stoneType: 'GRANITE',
        massTonnes: 12.5,
        unit: 'T',
        deliveredOn: '2025-03-01',
        importer: { name: 'I', covenantMember: true },
        project: { id: chain.id('X') },
      },
    ],
  });
  t.same(data!.quarry, {
    name: 'Q',
    country: 'BR',
    region: 'Espirito Santo',
    location: { lat: -19.1, lon: -40.6 },
    stoneTypes: ['GRANITE', 'QUARTZITE'],
  });
});

t.test('unknown ids give null for project and quarry', async (t) => {
  const app = await testApp(t);
  const { data, errors } = await gql(
    app,
    `{ project(id: "nope") { id } quarry(id: "nope") { id } }`,
    {},
    await analystToken(app),
  );
  t.same(data, { project: null, quarry: null });
  t.equal(errors, undefined);
});

t.test('quarries pages by name with a stable cursor, filtered by country and stone type', async (t) => {
  const app = await testApp(t);
  // Antarctica: no other test or sample record uses it, so counts here are exact.
  const chain = new ChainBuilder();
  for (const name of ['Delta', 'Alpha', 'Echo', 'Charlie', 'Bravo']) {
    chain.quarry(name, { country: 'AQ', stoneTypes: name === 'Echo' ? ['MARBLE'] : ['GRANITE'] });
  }
  await chain.save(app.graph);

  const page = `query($after: String) { quarries(country: "aq", stoneType: GRANITE, first: 2, after: $after) {
    totalCount nodes { name } pageInfo { hasNextPage endCursor } } }`;
  const names: string[] = [];
  let after: string | null = null;
  let pages = 0;
  do {
    const result: GraphqlResponse<Record<string, any>> = await gql(app, page, { after }, await analystToken(app));
    const connection = result.data!.quarries;
    t.equal(connection.totalCount, 4, 'totalCount counts the whole filtered set');
    names.push(...connection.nodes.map((n: { name: string }) => n.name));
    after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
    pages++;
  } while (after);
  t.same(names, ['Alpha', 'Bravo', 'Charlie', 'Delta']);
  t.equal(pages, 2);
});

t.test('processors, importers and buyers page by name with a stable cursor, filtered by country', async (t) => {
  const app = await testApp(t);
  const token = await issueToken(app, 'ADMIN');
  // Bouvet Island: no sample record uses it; runs on one database leave theirs, so only order and totals are exact.
  const tag = `zz-list-${randomBytes(3).toString('hex')}`;
  // One name per record kind: the chain builder keys records by name.
  const names = (kind: string) => ['Delta', 'Alpha', 'Charlie', 'Bravo'].map((name) => `${tag} ${name} ${kind}`);
  const chain = new ChainBuilder();
  for (const name of names('processor')) chain.processor(name, 'BV');
  for (const name of names('importer')) chain.importer(name, 'BV');
  chain.processor(`${tag} elsewhere processor`, 'NO').importer(`${tag} elsewhere importer`, 'NO');
  await chain.save(app.graph);
  for (const [name, country] of [...names('buyer').map((name) => [name, 'BV']), [`${tag} elsewhere buyer`, 'NO']]) {
    const { errors } = await gql(
      app,
      'mutation($input: BuyerInput!) { registerBuyer(input: $input) { id } }',
      { input: { name, country } },
      token,
    );
    t.notOk(errors, `buyer ${name} registered`);
  }

  for (const [list, kind] of [
    ['processors', 'processor'],
    ['importers', 'importer'],
    ['buyers', 'buyer'],
  ] as const) {
    const page = `query($after: String) { ${list}(country: "bv", first: 2, after: $after) {
      totalCount nodes { id name country } pageInfo { hasNextPage endCursor } } }`;
    const seen: { id: string; name: string; country: string }[] = [];
    const totals = new Set<number>();
    let after: string | null = null;
    let pages = 0;
    do {
      const result: GraphqlResponse<Record<string, any>> = await gql(app, page, { after }, token);
      const connection = result.data![list];
      totals.add(connection.totalCount);
      seen.push(...connection.nodes);
      after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
      pages++;
    } while (after);
    t.same([...totals], [seen.length], `${list}: totalCount counts the whole filtered set, on every page`);
    t.ok(pages >= 2, `${list}: two per page`);
    t.same(
      seen.filter((r) => r.country !== 'BV'),
      [],
      `${list}: only the country asked for`,
    );
    t.same(
      seen.filter((r) => r.name.startsWith(tag)).map((r) => r.name),
      names(kind).sort(),
      `${list}: ordered by name, not those of another country`,
    );
    const sorted = [...seen].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1));
    t.same(seen, sorted, `${list}: ordered by name, then id, each once`);
  }
});

t.test('projects page through every project in name order, each once', async (t) => {
  const app = await testApp(t);
  const chain = await new ChainBuilder()
    .project('zz-paging-b')
    .project('zz-paging-a')
    .project('zz-paging-c')
    .save(app.graph);
  const seen: { id: string; name: string }[] = [];
  let after: string | null = null;
  do {
    const result: GraphqlResponse<Record<string, any>> = await gql(
      app,
      `query($after: String) { projects(first: 7, after: $after) { nodes { id name } pageInfo { hasNextPage endCursor } } }`,
      { after },
      await analystToken(app),
    );
    const connection = result.data!.projects;
    seen.push(...connection.nodes);
    after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
  } while (after);
  const ids = seen.map((p) => p.id);
  t.equal(new Set(ids).size, ids.length, 'no project twice');
  const mine = seen.filter((p) =>
    [chain.id('zz-paging-a'), chain.id('zz-paging-b'), chain.id('zz-paging-c')].includes(p.id),
  );
  t.same(
    mine.map((p) => p.name),
    ['zz-paging-a', 'zz-paging-b', 'zz-paging-c'],
  );
  const sorted = [...seen].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1));
  t.same(seen, sorted, 'ordered by name, then id');
});

t.test('page arguments are validated: size bounds, cursor, country', async (t) => {
  const app = await testApp(t);
  const cases: [string, string][] = [
    ['{ projects(first: 0) { totalCount } }', 'first'],
    ['{ projects(first: 101) { totalCount } }', 'first'],
    ['{ projects(after: "not-a-cursor") { totalCount } }', 'after'],
    ['{ quarries(country: "Netherlands") { totalCount } }', 'country'],
    ['{ buyers(country: "Netherlands") { totalCount } }', 'country'],
    ['{ processors(first: 101) { totalCount } }', 'first'],
  ];
  for (const [query, field] of cases) {
    const { errors } = await gql(app, query, {}, await analystToken(app));
    t.equal(errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', query);
    t.equal(errors?.[0]?.extensions?.field, field, `${query} names ${field}`);
  }
});

t.test('a query nested beyond the depth limit is refused, also through fragments', async (t) => {
  const app = await testApp(t);
  const deep = `fragment N on Project { trace { project { trace { project { trace { project { trace { project { trace { project { id } } } } } } } } } } }
    { projects { nodes { trace { project { trace { project { ...N } } } } } } }`;
  const { errors } = await gql(app, deep, {}, await analystToken(app));
  t.match(errors?.[0]?.message, /depth/i);
});
