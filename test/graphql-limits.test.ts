import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import {
  buildSchema,
  getIntrospectionQuery,
  Kind,
  OperationTypeNode,
  parse,
  print,
  type DocumentNode,
  type OperationDefinitionNode,
  type TypeNode,
} from 'graphql';
import t from 'tap';
import type { Role } from '../src/auth/viewer.js';
import { fieldCosts } from '../src/app.js';
import { loadSchemaSource } from '../src/graphql/plugin.js';
import { documentViolations } from '../src/graphql/limits.js';
import { fromRoot } from '../src/paths.js';
import { readDataset, seedId } from '../src/seed/dataset.js';
import { graphiqlTabs } from '../src/seed/graphiqlExample.js';
import { loadDataset } from '../src/seed/load.js';
import { issueToken, testApp, testConfig } from './helpers/app.js';
import { cypherDuring } from './helpers/cypher.js';

/**
 * Every GraphQL document is measured before it runs: tokens while parsing, then aliases, depth
 * and cost against the caller's budget. What the README and docs/ show must fit every role that may
 * run it (without a key, only the public list); what is far beyond must be refused with a coded
 * error, and without a single Neo4j query.
 */

const schema = buildSchema(loadSchemaSource());
const limits = testConfig().graphql;
const roles: (Role | null)[] = [null, 'BUYER', 'MEMBER', 'ANALYST', 'ADMIN'];
const roleName = (role: Role | null): string => role ?? 'anonymous';

/** The pages a user reads: the README and every page of docs/. */
const documentationPages = (): string[] => [
  fromRoot('README.md'),
  ...readdirSync(fromRoot('docs'))
    .filter((file) => file.endsWith('.md'))
    .sort()
    .map((file) => fromRoot('docs', file)),
];

/** Every operation the documentation shows: its graphql blocks, the one-liners quoted in its prose, and GraphiQL's tabs. */
function documentedOperations(): { label: string; document: DocumentNode; operation: OperationDefinitionNode }[] {
  const blocks = documentationPages().flatMap((page) =>
    [...readFileSync(page, 'utf8').matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1] as string),
  );
  blocks.push(
    '{ projects { nodes { id name } } }',
    '{ quarryAreaReport(year: 2025) { rows { country area label companies } } }',
  );
  // The tabs GraphiQL opens with are documentation too.
  blocks.push(...graphiqlTabs({}).map((tab) => tab.query));
  return blocks.flatMap((source) => {
    const document = parse(source);
    return document.definitions
      .filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
      .map((operation) => ({
        label: operation.name?.value ?? print(operation).slice(0, 60).replace(/\s+/g, ' '),
        document,
        operation,
      }));
  });
}

/** Whether every root field of the operation answers without an API key: the public list and introspection. */
const answersWithoutKey = (operation: OperationDefinitionNode): boolean =>
  operation.selectionSet.selections.every(
    (selection) =>
      selection.kind === Kind.FIELD &&
      ['quarryAreaReport', '__schema', '__type', '__typename'].includes(selection.name.value),
  );

/** Stand-in values for an operation's variables (ids that exist nowhere). */
function stubVariables(operation: OperationDefinitionNode): Record<string, unknown> {
  const named = (type: TypeNode): string => (type.kind === Kind.NAMED_TYPE ? type.name.value : named(type.type));
  const stubs: Record<string, unknown> = { ID: randomUUID(), Date: '2026-01-01', String: 'x', Int: 1 };
  return Object.fromEntries(
    (operation.variableDefinitions ?? []).map((v) => [v.variable.name.value, stubs[named(v.type)]]),
  );
}

/** The names of the Cypher statements run while `work` runs, besides the API-key lookup. */
const cypherBesidesKeyLookup = async (work: () => Promise<unknown>): Promise<string[]> =>
  (await cypherDuring(work)).filter((name) => name !== 'api_key_by_id');

interface Answer {
  statusCode: number;
  contentType: string;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

async function post(
  app: FastifyInstance,
  payload: Record<string, unknown>,
  token?: string,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await app.inject({
    method: 'POST',
    url: '/graphql',
    payload,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });
  return {
    statusCode: response.statusCode,
    contentType: String(response.headers['content-type']),
    body: response.json(),
  };
}

const limitErrors = (answer: Answer) =>
  (answer.body.errors ?? []).filter((e) => /^QUERY_TOO_|^GRAPHQL_/.test(String(e.extensions?.code)));

async function tokensByRole(app: FastifyInstance): Promise<Map<Role | null, string | undefined>> {
  return new Map<Role | null, string | undefined>([
    [null, undefined],
    ['BUYER', await issueToken(app, 'BUYER', seedId('buyer-amsterdam'))],
    ['MEMBER', await issueToken(app, 'MEMBER', seedId('importer-nl-gracht-stone'))],
    ['ANALYST', await issueToken(app, 'ANALYST')],
    ['ADMIN', await issueToken(app, 'ADMIN')],
  ]);
}

t.test(
  'every documented operation, GraphiQL tab and GraphiQL schema query fits every role that may run it',
  async (t) => {
    const app = await testApp(t);
    await loadDataset(app.graph, readDataset());
    const tokens = await tokensByRole(app);
    const operations = documentedOperations();
    t.ok(operations.length >= 10, `the documented operations are found (${operations.length})`);

    for (const role of roles) {
      const token = tokens.get(role);
      const introspection = await post(app, { query: getIntrospectionQuery() }, token);
      t.equal(introspection.statusCode, 200, `${roleName(role)}: introspection is answered`);
      t.same(introspection.body.errors, undefined, `${roleName(role)}: GraphiQL's schema query passes`);

      for (const { label, document, operation } of operations) {
        // Without a key only the public list answers: anything else is refused either way, and a
        // document dearer than the anonymous budget (downstream) is refused for its cost first.
        if (role === null && !answersWithoutKey(operation)) continue;
        const variables = stubVariables(operation);
        const request = { variables, operationName: operation.name?.value, role };
        // Writes would change the shared sample data: for roles allowed to make them, the limits are
        // checked without running them; for the others they run and are refused by permission.
        const writes = operation.operation === OperationTypeNode.MUTATION && (role === 'MEMBER' || role === 'ADMIN');
        if (writes) {
          t.same(
            documentViolations(schema, fieldCosts, document, limits, request),
            [],
            `${roleName(role)}: ${label} fits the limits`,
          );
          continue;
        }
        const answer = await post(
          app,
          { query: print(document), variables, operationName: operation.name?.value },
          token,
        );
        t.equal(answer.statusCode, 200, `${roleName(role)}: ${label} is answered`);
        t.same(limitErrors(answer), [], `${roleName(role)}: ${label} is not refused before it runs`);
      }
    }
  },
);

t.test('documents far over the limits are refused with their measure and limit, before any Neo4j query', async (t) => {
  const app = await testApp(t);
  const tokens = await tokensByRole(app);
  const project = randomUUID();
  const aliased = (n: number, field: string): string =>
    `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;

  const cases: { label: string; role: Role | null; query: string; codes: string[] }[] = [
    {
      label: '2,000 aliased quarryAreaReport',
      role: null,
      query: aliased(2000, 'quarryAreaReport(year: 2025) { year }'),
      codes: ['QUERY_TOO_MANY_TOKENS'],
    },
    {
      label: '500 aliased __schema',
      role: null,
      query: aliased(500, '__schema { types { name } }'),
      codes: ['QUERY_TOO_MANY_TOKENS'],
    },
    {
      label: '200 aliased trace',
      role: 'ADMIN',
      query: aliased(200, `trace(projectId: "${project}") { tracedShare }`),
      codes: ['QUERY_TOO_MANY_TOKENS'],
    },
    {
      label: '50 aliased dueDiligence',
      role: 'BUYER',
      query: aliased(50, `dueDiligence(projectId: "${project}") { dataVersion }`),
      codes: ['QUERY_TOO_MANY_ALIASES', 'QUERY_TOO_COMPLEX'],
    },
    // Within the token limit, the cost still stops them.
    {
      label: '3 aliased quarryAreaReport',
      role: null,
      query: aliased(3, 'quarryAreaReport(year: 2025) { year }'),
      codes: ['QUERY_TOO_COMPLEX'],
    },
    {
      label: '6 aliased __schema',
      role: null,
      query: aliased(6, '__schema { types { name } }'),
      codes: ['QUERY_TOO_COMPLEX'],
    },
    {
      label: '51 aliased trace',
      role: 'ADMIN',
      query: aliased(51, `trace(projectId: "${project}") { tracedShare }`),
      codes: ['QUERY_TOO_MANY_ALIASES', 'QUERY_TOO_COMPLEX'],
    },
    {
      label: '6 aliased dueDiligence',
      role: 'BUYER',
      query: aliased(6, `dueDiligence(projectId: "${project}") { dataVersion }`),
      codes: ['QUERY_TOO_COMPLEX'],
    },
    // A trace per project of a page counts once per item: 100 x 16 with its risks.
    {
      label: 'a trace with risks for each of 100 projects',
      role: 'ADMIN',
      query: '{ projects(first: 100) { nodes { trace { riskSummary { theme } } } } }',
      codes: ['QUERY_TOO_COMPLEX'],
    },
  ];
  const measures: Record<string, string> = {
    QUERY_TOO_MANY_ALIASES: 'aliases',
    QUERY_TOO_COMPLEX: 'cost',
    QUERY_TOO_DEEP: 'depth',
  };

  for (const { label, role, query, codes } of cases) {
    let answer: Answer | undefined;
    const queries = await cypherBesidesKeyLookup(async () => {
      answer = await post(app, { query }, tokens.get(role));
    });
    const { statusCode, body } = answer as Answer;
    const errors = body.errors ?? [];
    t.equal(statusCode, 200, `${label} as ${roleName(role)}: a GraphQL request error (application/json)`);
    t.equal(body.data, undefined, `${label}: no data`);
    t.same(
      errors.map((e) => e.extensions?.code),
      codes,
      `${label} as ${roleName(role)}: refused with ${codes.join(', ')}`,
    );
    for (const error of errors) {
      const code = String(error.extensions?.code);
      t.type(error.extensions?.limit, 'number', `${label}: ${code} names its limit`);
      const measure = measures[code];
      if (measure)
        t.ok(
          Number(error.extensions?.[measure]) > Number(error.extensions?.limit),
          `${label}: ${code} gives the measured ${measure} over the limit`,
        );
    }
    t.same(queries, [], `${label}: no Neo4j query ran`);
  }

  const budget = await post(
    app,
    { query: aliased(6, `dueDiligence(projectId: "${project}") { dataVersion }`) },
    tokens.get('BUYER'),
  );
  t.match(budget.body.errors?.[0], {
    message: 'this document costs 240, more than the 200 a BUYER key may spend per document',
    extensions: { code: 'QUERY_TOO_COMPLEX', cost: 240, limit: 200, role: 'BUYER' },
  });
});

t.test('with application/graphql-response+json, a refused document is HTTP 400', async (t) => {
  const app = await testApp(t);
  const threeReports =
    '{ a: quarryAreaReport(year: 2025) { year } b: quarryAreaReport(year: 2024) { year } c: quarryAreaReport(year: 2023) { year } }';
  const refused = await post(app, { query: threeReports }, undefined, { accept: 'application/graphql-response+json' });
  t.equal(refused.statusCode, 400);
  t.match(refused.contentType, /^application\/graphql-response\+json/);
  t.match(refused.body, {
    errors: [{ extensions: { code: 'QUERY_TOO_COMPLEX', cost: 60, limit: limits.costBudgets.anonymous } }],
  });
  t.equal(refused.body.data, undefined);
});

/** `levels` levels of fields, each reached through an inline fragment: trace, project, trace, ... */
function nestedThroughInlineFragments(levels: number): string {
  // The leaf sits in a trace when the level above it is an odd one.
  let selection = (levels - 1) % 2 === 1 ? 'tracedShare' : 'id';
  for (let level = levels - 1; level >= 2; level--) {
    const [field, type] = level % 2 === 0 ? ['project', 'Project'] : ['trace', 'Trace'];
    selection = `${field} { ... on ${type} { ${selection} } }`;
  }
  return `{ trace(projectId: "${randomUUID()}") { ... on Trace { ${selection} } } }`;
}

t.test('depth counts levels of fields: nested inline fragments add none', async (t) => {
  const app = await testApp(t);
  const token = await issueToken(app, 'ADMIN');
  const deep = await post(app, { query: nestedThroughInlineFragments(20) }, token);
  t.match(
    deep.body.errors,
    [{ extensions: { code: 'QUERY_TOO_DEEP', depth: 20, limit: limits.maxDepth } }],
    '20 real levels count as 20',
  );

  const allowed = await post(app, { query: nestedThroughInlineFragments(limits.maxDepth) }, token);
  t.notMatch(JSON.stringify(allowed.body.errors ?? []), /QUERY_TOO_DEEP/, 'exactly the limit is allowed');
});
