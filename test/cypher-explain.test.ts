import neo4j from 'neo4j-driver';
import t from 'tap';
import { testApp } from './helpers/app.js';
import { everyStatement, statementLabel } from './helpers/statements.js';

/*
 * Every named statement, for every role it is composed for, goes through Neo4j's parser and planner
 * (EXPLAIN plans without running anything): a syntax error, an unknown function or a planning
 * error fails here rather than in a user's request, and so does a deprecated feature, which the
 * next Neo4j version refuses. The statements are those the snapshot test renders
 * (test/unit/cypher/statements.test.ts).
 */

// Planning every statement cold took 3 minutes on 2 cores at a load average of 10.
t.setTimeout(600_000);

const statements = await everyStatement();
const app = await testApp(t);

/**
 * Every parameter the text names: null, which EXPLAIN accepts for any type, but for the two whose
 * type the planner looks at: the viewer, a map, and a page's limit, an integer.
 */
function parametersOf(text: string, role: string): Record<string, unknown> {
  const names = new Set([...text.matchAll(/\$(\w+)/g)].map((match) => match[1]!));
  const typed: Record<string, unknown> = { viewer: { role, orgId: 'explain' }, limit: neo4j.int(1) };
  return Object.fromEntries([...names].map((name) => [name, typed[name] ?? null]));
}

for (const statement of statements) {
  t.test(statementLabel(statement), async (t) => {
    const { summary } = await app.graph.driver.executeQuery(
      `EXPLAIN ${statement.text}`,
      parametersOf(statement.text, statement.role),
    );
    t.ok(summary.plan, 'Neo4j plans it');
    const deprecated = summary.gqlStatusObjects
      .filter((status) => status.classification === 'DEPRECATION')
      .map((status) => status.statusDescription);
    t.same(deprecated, [], 'it uses no deprecated feature');
  });
}
