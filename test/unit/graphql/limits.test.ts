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
