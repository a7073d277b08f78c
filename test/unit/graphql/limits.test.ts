import { buildSchema, parse } from 'graphql';
import t from 'tap';
import { fieldCosts } from '../../../src/app.js';
import type { GraphqlLimits } from '../../../src/config.js';
import { costBudget, documentViolations } from '../../../src/graphql/limits.js';
import { loadSchemaSource } from '../../../src/graphql/plugin.js';

const schema = buildSchema(loadSchemaSource());
const limits: GraphqlLimits = {
  maxTokens: 2000,
  maxAliases: 3,
  maxDepth: 4,
  costBudgets: { anonymous: 50, BUYER: 200, MEMBER: 200, ANALYST: 500, ADMIN: 1000 },
};

t.test('budgets per role, and every limit exceeded is reported with its measure', async (t) => {
  t.equal(costBudget(limits, null), 50);
  t.equal(costBudget(limits, 'ADMIN'), 1000);

  const fits = parse('{ a: project(id: "p") { name } b: project(id: "q") { name } }');
  t.same(documentViolations(schema, fieldCosts, fits, limits, { role: 'BUYER' }), []);

  const tooMuch = parse(`{ ...Four } fragment Four on Query {
    a: trace(projectId: "p") { project { trace { project { name } } } }
    b: trace(projectId: "p") { tracedShare } c: trace(projectId: "p") { tracedShare } d: viewer { role } }`);
  const violations = documentViolations(schema, fieldCosts, tooMuch, limits, { role: null });
  t.same(
    violations.map((v) => v.extensions),
    [
      { code: 'QUERY_TOO_MANY_ALIASES', aliases: 4, limit: 3 },
      { code: 'QUERY_TOO_DEEP', depth: 5, limit: 4 },
      { code: 'QUERY_TOO_COMPLEX', cost: 68, limit: 50, role: 'anonymous' },
    ],
    'aliases and depth through a fragment (which adds no level); cost against the anonymous budget',
  );
  t.same(
    documentViolations(schema, fieldCosts, tooMuch, limits, { role: 'ANALYST' }).map((v) => v.extensions.code),
    ['QUERY_TOO_MANY_ALIASES', 'QUERY_TOO_DEEP'],
  );
});

t.test('one parsed document asked with other variables is priced by the values that change its cost', async (t) => {
  const document = parse(`query Page($first: Int, $withTrace: Boolean!, $after: String) {
    projects(first: $first, after: $after) { nodes { name trace @include(if: $withTrace) { tracedShare } } }
  }`);
  const costOf = (variables: Record<string, unknown>): number =>
    documentViolations(
      schema,
      fieldCosts,
      document,
      { ...limits, costBudgets: { ...limits.costBudgets, BUYER: 0 } },
      {
        role: 'BUYER',
        variables,
      },
    )[0]?.extensions.cost as number;
  const few = costOf({ first: 2, withTrace: true });
  const many = costOf({ first: 40, withTrace: true });
  const untraced = costOf({ first: 40, withTrace: false });
  t.ok(few > 0 && few < many, `first: 2 costs less than 40 (${few}, ${many})`);
  t.ok(untraced < many, `without the traces it costs less (${untraced})`);
  t.equal(costOf({ first: 2, withTrace: true, after: 'cursor-b' }), few, 'a cursor does not change the cost');
  t.equal(costOf({ first: 40, withTrace: true }), many, 'asked again: the same cost');
});
