import { buildSchema, getIntrospectionQuery, parse } from 'graphql';
import t from 'tap';
import { fieldCosts } from '../../../src/app.js';
import { documentCost } from '../../../src/graphql/cost.js';
import { loadSchemaSource } from '../../../src/graphql/plugin.js';

/** The cost of a document, counted before it runs, without a database. */

const schema = buildSchema(loadSchemaSource());
const cost = (source: string, variables?: Record<string, unknown>, operationName?: string): number =>
  documentCost(schema, fieldCosts, parse(source), variables, operationName);

t.test('every root field has a price of its own', async (t) => {
  const priced = new Set(Object.keys(fieldCosts.Query ?? {}));
  const missing = Object.keys(schema.getQueryType()?.getFields() ?? {}).filter((field) => !priced.has(field));
  t.same(missing, [], 'a new Query field needs an entry in fieldCosts');
});

t.test('fields that go to Neo4j cost; what comes with a record is free', async (t) => {
  t.equal(cost('{ viewer { role } __typename }'), 0);
  t.equal(cost('{ project(id: "p") { name buyer { name } } }'), 1);
  t.equal(cost('{ chainNode(id: "c") { ... on Quarry { region } } }'), 1);
  t.equal(cost('{ trace(projectId: "p") { tracedShare origins { quarry { name } paths { nodes { name } } } } }'), 20);
  t.equal(
    cost('{ dueDiligence(projectId: "p") { dataVersion trace { origins { share } } } }'),
    40,
    'its trace comes with the report',
  );
  t.equal(cost('{ quarryAreaReport(year: 2025) { rows { label } } }'), 20);
  t.equal(
    cost('{ downstream(siteId: "s") { projects { project { name } share } buyers { buyer { name } } } }'),
    200,
    'ten traces',
  );
  t.equal(cost(getIntrospectionQuery()), 10, "GraphiQL's schema query");
});

t.test('a trace asked for its risks costs twice as much, also through a fragment', async (t) => {
  t.equal(cost('{ trace(projectId: "p") { riskSummary { theme } } }'), 40);
  t.equal(cost('{ trace(projectId: "p") { ...R } } fragment R on Trace { riskLocations { share } }'), 40);
  t.equal(
    cost('{ project(id: "p") { trace { ... on Trace { riskSummary { theme } } } } }'),
    1 + 16,
    "a project's trace is batched (8), twice with risks",
  );
});

t.test('a field below a list counts once per item of the page', async (t) => {
  t.equal(cost('{ projects { totalCount nodes { name } } }'), 2, 'a page of records');
  t.equal(
    cost('{ projects { nodes { trace { tracedShare } } } }'),
    2 + 20 * 8,
    'the default page is 20, its traces read together (8 each)',
  );
  t.equal(cost('{ projects(first: 5) { nodes { trace { tracedShare } deliveries { id } } } }'), 2 + 5 * 9);
  t.equal(
    cost('query($n: Int) { projects(first: $n) { nodes { trace { tracedShare } } } }', { n: 3 }),
    2 + 3 * 8,
    'from variables',
  );
  t.equal(cost('{ projects(first: -5) { nodes { trace { tracedShare } } } }'), 2 + 8, 'never below one item');
  t.equal(
    cost('{ project(id: "p") { deliveries { project { trace { tracedShare } } } } }'),
    1 + 1 + 100 * 8,
    'a list without first counts 100 items',
  );
});

t.test('skipped fields, other operations and writes', async (t) => {
  t.equal(cost('query($no: Boolean!) { trace(projectId: "p") @include(if: $no) { tracedShare } }', { no: false }), 0);
  const document = 'query A { trace(projectId: "p") { tracedShare } } query B { project(id: "p") { name } }';
  t.equal(cost(document, {}, 'B'), 1, 'only the operation named');
  t.equal(cost(document), 21, 'every operation when none is named');
  t.equal(
    cost(
      'mutation { a: endSupplyLink(id: "l", validTo: "2026-01-01") { id } b: endSupplyLink(id: "m", validTo: "2026-01-01") { id } }',
    ),
    20,
  );
});

t.test('fragments that expand beyond counting cost Infinity', async (t) => {
  const levels = Array.from(
    { length: 16 },
    (_, i) => `fragment F${i} on Query { ...F${i + 1} a${i}: __typename ...F${i + 1} }`,
  );
  const bomb = `{ ...F0 } ${levels.join(' ')} fragment F16 on Query { __typename }`;
  t.equal(cost(bomb), Infinity);
});
