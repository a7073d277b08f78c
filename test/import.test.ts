import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { cypher } from '../src/db/graph.js';
import { fromRoot } from '../src/paths.js';
import { readFileSync } from 'node:fs';
import { seedId, readDataset } from '../src/seed/dataset.js';
import { loadDataset } from '../src/seed/load.js';
import { gql, issueToken, testApp } from './helpers/app.js';
import { ChainBuilder } from './helpers/chain.js';

const HEADER = 'supplier_id,supplier_kind,supplier_name,supplier_country,supplier_region,supplier_city,stone_type,valid_from,valid_to,annual_volume_tonnes';

const upload = (app: FastifyInstance, token: string | null, csv: string, query = '') =>
  app.inject({
    method: 'POST',
    url: `/import/supply-links${query}`,
    headers: { 'content-type': 'text/csv', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    payload: csv,
  });

const linksOf = cypher<{ customerId: string }, { n: number }>(
  'test_links_of_customer',
  'MATCH (:ChainNode {id: $customerId})<-[:CUSTOMER]-(l:SupplyLink) RETURN count(l) AS n',
);

async function company(app: FastifyInstance) {
  const chain = await new ChainBuilder().quarry('Known quarry', { stoneTypes: ['GRANITE', 'MARBLE'] }).importer('I').processor('P').link('P', 'I').link('Known quarry', 'P').save(app.graph);
  return { chain, member: await issueToken(app, 'MEMBER', chain.id('I')) };
}

t.test('a good file is imported in one go: links by id and by name, new quarries and processors created', async (t) => {
  const app = await testApp(t);
  const { chain, member } = await company(app);
  const csv = [
    HEADER,
    `${chain.id('Known quarry')},,,,,,granite,2025-01-01,,1200`,
    `,QUARRY,Nova Quarry,BR,Espirito Santo,,GRANITE,2025-01-01,2025-12-31,`,
    `,QUARRY,Nova Quarry,BR,Espirito Santo,,QUARTZITE,2025-01-01,,300`,
    `,PROCESSOR,Cachoeiro Cutting,BR,,Cachoeiro de Itapemirim,GRANITE,2025-02-01,,`,
    `${chain.id('Known quarry')},,,,,,GRANITE,2025-06-01,,`,
  ].join('\n');
  const response = await upload(app, member, csv);
  t.equal(response.statusCode, 200, response.body);
  t.same(response.json(), { rows: 5, linksCreated: 4, linksExisting: 1, quarriesCreated: 1, processorsCreated: 1 });

  const again = await upload(app, member, csv);
  t.same(again.json(), { rows: 5, linksCreated: 0, linksExisting: 5, quarriesCreated: 0, processorsCreated: 0 }, 'importing twice changes nothing');

  const { data } = await gql(app, `query($id: ID!) { supplyLinks(customerId: $id, first: 50) { totalCount nodes { stoneType supplier { __typename name } } } }`, { id: chain.id('I') }, member);
  t.equal(data!.supplyLinks.totalCount, 5, 'P plus the four imported links');
  const quarry = data!.supplyLinks.nodes.find((n: any) => n.supplier.name === 'Nova Quarry');
  t.equal(quarry.supplier.__typename, 'Quarry');
});

t.test('a 1,000-row file with one bad row writes nothing and names the row', async (t) => {
  const app = await testApp(t);
  const { chain, member } = await company(app);
  const lines = [HEADER];
  for (let i = 0; i < 1000; i++) {
    lines.push(i === 637 ? `,QUARRY,Row ${i},NL,,,GRANITE,2025-13-01,,` : `,QUARRY,Row ${i},PT,Evora,,MARBLE,2025-01-01,,${10 + i}`);
  }
  const before = await app.graph.read(linksOf, { customerId: chain.id('I') });
  const response = await upload(app, member, lines.join('\n'));
  t.equal(response.statusCode, 422);
  const body = response.json();
  t.equal(body.rows, 1000);
  t.same(
    body.rowErrors.map((e: any) => [e.line, e.field]),
    [[639, 'valid_from'], [639, 'supplier_region']],
    'line 639 of the file (header is line 1) and both of its problems',
  );
  t.same(await app.graph.read(linksOf, { customerId: chain.id('I') }), before, 'no link written');
  const named = await gql(app, `{ quarries(country: "PT", first: 100) { nodes { name } } }`, {}, await issueToken(app, 'ANALYST'));
  t.notOk(named.data!.quarries.nodes.some((q: any) => q.name === 'Row 0'), 'no quarry created');
});

t.test('every bad row is listed with its line and reason', async (t) => {
  const app = await testApp(t);
  const { chain, member } = await company(app);
  const csv = [
    HEADER,
    `,QUARRY,,BR,Bahia,,GRANITE,2025-01-01,,`,
    `,MINE,X,BR,Bahia,,GRANITE,2025-01-01,,`,
    `,PROCESSOR,Y,Brazil,,,GRANITE,2025-01-01,,`,
    `${chain.id('P')},,,,,,PEBBLES,2025-01-01,,`,
    `${chain.id('P')},,,,,,GRANITE,2025-05-01,2025-01-01,`,
    `${chain.id('P')},,,,,,GRANITE,2025-01-01,,-3`,
  ].join('\n');
  const response = await upload(app, member, csv);
  t.equal(response.statusCode, 422);
  t.same(
    response.json().rowErrors.map((e: any) => `${e.line}:${e.field}`),
    ['2:supplier_name', '3:supplier_kind', '4:supplier_country', '5:stone_type', '6:valid_to', '7:annual_volume_tonnes'],
  );

  const unknownSupplier = await upload(app, member, `${HEADER}\nno-such-node,,,,,,GRANITE,2025-01-01,,\n${chain.id('Known quarry')},,,,,,SLATE,2025-01-01,,`);
  t.same(unknownSupplier.json().rowErrors.map((e: any) => `${e.line}:${e.field}`), ['2:supplier_id', '3:stone_type']);
});

t.test('who may import: MEMBER for itself, ADMIN naming the customer; others are refused', async (t) => {
  const app = await testApp(t);
  const { chain, member } = await company(app);
  const csv = `${HEADER}\n,PROCESSOR,Z,IT,,Carrara,MARBLE,2025-01-01,,`;
  t.equal((await upload(app, null, csv)).statusCode, 401);
  t.equal((await upload(app, 'stk_0000000000000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', csv)).statusCode, 401);
  t.equal((await upload(app, await issueToken(app, 'ANALYST'), csv)).statusCode, 403);
  t.equal((await upload(app, await issueToken(app, 'BUYER', (await new ChainBuilder().project('B').save(app.graph)).id('B-buyer')), csv)).statusCode, 403);
  t.equal((await upload(app, member, csv, `?customerId=${seedId('someone-else')}`)).statusCode, 403);
  const admin = await issueToken(app, 'ADMIN');
  t.equal((await upload(app, admin, csv)).statusCode, 400, 'an ADMIN must name the customer');
  t.equal((await upload(app, admin, csv, `?customerId=${chain.id('I')}`)).statusCode, 200);
});

t.test('the sample CSV imports for the sample importer', async (t) => {
  const app = await testApp(t);
  await loadDataset(app.graph, readDataset());
  const token = readDataset().apiKeys!.find((k) => k.role === 'MEMBER')!.token;
  const response = await upload(app, token, readFileSync(fromRoot('seeds', 'sample-supply-links.csv'), 'utf8'));
  t.equal(response.statusCode, 200, response.body);
  t.equal(response.json().rows, 3);
});
