import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import t from 'tap';
import { cypher } from '../src/db/graph.js';
import { gql, issueToken, testApp } from './helpers/app.js';
import { ChainBuilder } from './helpers/chain.js';

const REGISTER_QUARRY = `mutation($i: QuarryInput!) {
  registerQuarry(input: $i) { id name region regionNotice { given storedAs } }
}`;
const REGISTER_PROCESSOR = 'mutation($i: ProcessorInput!) { registerProcessor(input: $i) { id name } }';

/** Names and places of this run only: the database is shared with other runs and other tests. */
const unique = () => randomBytes(4).toString('hex');
/** A place no other run uses: a random point in northern Vietnam. */
const somewhere = () => ({ lat: 20 + Math.random() * 2, lon: 105 + Math.random() * 1.5 });
/** About `metres` north of a point (a degree of latitude is about 111.2 km). */
const north = (p: { lat: number; lon: number }, metres: number) => ({ lat: p.lat + metres / 111_195, lon: p.lon });

const quarriesNamed = cypher<{ nameKey: string }, { n: number }>(
  'test_quarries_named',
  'MATCH (q:Quarry {nameKey: $nameKey}) RETURN count(q) AS n',
);

async function register(app: FastifyInstance, token: string, input: Record<string, unknown>) {
  return gql(
    app,
    REGISTER_QUARRY,
    { i: { country: 'VN', region: 'Ha Nam', stoneTypes: ['BLUESTONE'], ...input } },
    token,
  );
}

t.test('a quarry named alike in the same country is a likely duplicate, unless confirmed new', async (t) => {
  const app = await testApp(t);
  const admin = await issueToken(app, 'ADMIN');
  const word = unique();
  const first = await register(app, admin, { name: `Thanh Liem ${word} Quarry`, ...somewhere() });
  const firstId = first.data!.registerQuarry.id as string;

  const again = await register(app, admin, { name: `THANH LIÊM ${word} QUARRY Co., Ltd.` });
  t.equal(again.errors?.[0]?.extensions?.code, 'CONFLICT');
  t.equal(again.errors?.[0]?.extensions?.rule, 'likely_duplicate');
  t.same(again.errors?.[0]?.extensions?.candidates, [
    { id: firstId, name: `Thanh Liem ${word} Quarry`, country: 'VN', matchedBy: ['NAME'], distanceMetres: null },
  ]);
  t.equal(again.errors?.[0]?.extensions?.hiddenCandidates, 0);
  const [count] = await app.graph.read(quarriesNamed, { nameKey: `thanh liem ${word} quarry` });
  t.equal(count!.n, 1, 'the refused registration wrote nothing');

  const elsewhere = await register(app, admin, { name: `Thanh Liem ${word} Quarry`, country: 'CN', region: 'Fujian' });
  t.notOk(elsewhere.errors, 'the same name in another country is another site');
  const other = await register(app, admin, { name: `Thanh Liem ${word}` });
  t.notOk(other.errors, '"Quarry" is part of the name, not a legal form');

  const confirmed = await register(app, admin, { name: `Thanh Liem ${word} Quarry JSC`, confirmNew: true });
  t.notOk(confirmed.errors);
  t.not(confirmed.data!.registerQuarry.id, firstId, 'confirmNew registers a new quarry');
});

t.test(
  'a quarry near one the caller sees is a likely duplicate; one it does not see is neither named nor compared by place',
  async (t) => {
    const app = await testApp(t);
    const chain = await new ChainBuilder().importer('M').importer('N').save(app.graph);
    const m = await issueToken(app, 'MEMBER', chain.id('M'));
    const n = await issueToken(app, 'MEMBER', chain.id('N'));
    const word = unique();
    const place = somewhere();
    const mine = await register(app, m, { name: `Hill ${word}`, ...place });
    const mineId = mine.data!.registerQuarry.id as string;

    const near = await register(app, m, { name: `Valley ${word}`, ...north(place, 200) });
    t.equal(near.errors?.[0]?.extensions?.code, 'CONFLICT');
    const [candidate] = near.errors![0]!.extensions!.candidates as {
      id: string;
      matchedBy: string[];
      distanceMetres: number;
    }[];
    t.equal(candidate!.id, mineId);
    t.same(candidate!.matchedBy, ['DISTANCE']);
    t.ok(Math.abs(candidate!.distanceMetres - 200) <= 2, `about 200 m (${candidate!.distanceMetres})`);

    t.notOk((await register(app, m, { name: `Ridge ${word}`, ...north(place, 1_000) })).errors, '1 km away is not');
    t.notOk((await register(app, m, { name: `Valley ${word}`, ...north(place, 200), confirmNew: true })).errors);

    const theirs = await register(app, n, { name: `Dale ${word}`, ...north(place, 100) });
    t.notOk(theirs.errors, 'quarries the caller does not see are not compared by place');

    const sameName = await register(app, n, { name: `hill ${word}`, ...somewhere() });
    const refusal = sameName.errors?.[0];
    t.equal(refusal?.extensions?.code, 'CONFLICT', 'a name match counts whoever registered it');
    t.same(refusal?.extensions?.candidates, [], 'but a quarry the caller does not see is not named');
    t.equal(refusal?.extensions?.hiddenCandidates, 1);
    t.notMatch(refusal?.message, mineId);
    t.notMatch(refusal?.message, `Hill ${word}`);
  },
);

t.test('a processor named alike in the same country is a likely duplicate', async (t) => {
  const app = await testApp(t);
  const admin = await issueToken(app, 'ADMIN');
  const word = unique();
  const first = await gql(
    app,
    REGISTER_PROCESSOR,
    { i: { name: `Xiamen ${word} Stone Co., Ltd.`, country: 'CN' } },
    admin,
  );
  const again = await gql(app, REGISTER_PROCESSOR, { i: { name: `xiamen ${word} stone`, country: 'CN' } }, admin);
  t.equal(again.errors?.[0]?.extensions?.code, 'CONFLICT');
  t.same(
    (again.errors?.[0]?.extensions?.candidates as { id: string }[]).map((c) => c.id),
    [first.data!.registerProcessor.id],
  );
  const confirmed = await gql(
    app,
    REGISTER_PROCESSOR,
    { i: { name: `xiamen ${word} stone`, country: 'CN', confirmNew: true } },
    admin,
  );
  t.notOk(confirmed.errors);
});

t.test('a new spelling of a known quarry area is stored as the known area, and the answer says so', async (t) => {
  const app = await testApp(t);
  const admin = await issueToken(app, 'ADMIN');
  const word = unique();
  const known = await register(app, admin, { name: `Nui ${word} A`, region: `Thanh Hóa ${word}`, ...somewhere() });
  t.same(known.data!.registerQuarry.regionNotice, null, 'a new area is stored as given');

  const respelled = await register(app, admin, {
    name: `Nui ${word} B`,
    region: `thanh hoa ${word.toUpperCase()}`,
    ...somewhere(),
  });
  t.equal(respelled.data!.registerQuarry.region, `Thanh Hóa ${word}`);
  t.same(respelled.data!.registerQuarry.regionNotice, {
    given: `thanh hoa ${word.toUpperCase()}`,
    storedAs: `Thanh Hóa ${word}`,
  });

  const read = await gql(
    app,
    'query($id: ID!) { quarry(id: $id) { region regionNotice { given } } }',
    { id: respelled.data!.registerQuarry.id },
    admin,
  );
  t.same(read.data!.quarry, { region: `Thanh Hóa ${word}`, regionNotice: null }, 'a read carries no notice');

  const corrected = await gql(
    app,
    'mutation($id: ID!) { updateQuarry(id: $id, input: {region: "THANH HOA ' +
      word +
      '"}) { region regionNotice { storedAs } } }',
    { id: known.data!.registerQuarry.id },
    admin,
  );
  t.same(corrected.data!.updateQuarry, {
    region: `Thanh Hóa ${word}`,
    regionNotice: { storedAs: `Thanh Hóa ${word}` },
  });
});

t.test('the CSV import reuses a registered site its name folds to, and says so', async (t) => {
  const app = await testApp(t);
  const chain = await new ChainBuilder().importer('I').save(app.graph);
  const member = await issueToken(app, 'MEMBER', chain.id('I'));
  const word = unique();
  const registered = await register(app, member, { name: `Da ${word}`, ...somewhere() });
  const quarryId = registered.data!.registerQuarry.id as string;
  const csv = [
    'supplier_id,supplier_kind,supplier_name,supplier_country,supplier_region,supplier_city,stone_type,valid_from,valid_to,annual_volume_tonnes',
    `,QUARRY,ĐÁ ${word} JSC,VN,Ha Nam,,BLUESTONE,2025-01-01,,`,
    `,QUARRY,Đá ${word},VN,Hà Nam,,BLUESTONE,2026-01-01,,`,
  ].join('\n');
  const response = await app.inject({
    method: 'POST',
    url: '/import/supply-links',
    headers: { 'content-type': 'text/csv', authorization: `Bearer ${member}` },
    payload: csv,
  });
  t.equal(response.statusCode, 200, response.body);
  t.has(response.json(), {
    quarriesCreated: 0,
    linksCreated: 1,
    suppliersReused: [{ line: 2, name: `ĐÁ ${word} JSC`, id: quarryId, registeredName: `Da ${word}` }],
  });
  t.equal(response.json().suppliersReused.length, 1, 'two spellings of one supplier are one supplier');
});
