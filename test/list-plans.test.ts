import t from 'tap';
import { visibilityOf } from '../src/auth/visibility.js';
import { registryQueries } from '../src/registry/queries.js';
import { testApp, testConfig } from './helpers/app.js';

/*
 * A MEMBER's or BUYER's list of supply links, quarries, processors, importers or buyers starts from what the key may see, not from
 * every record in the graph: testing each of the graph's links against the visibility rule walks
 * the viewer's chain once per link (15 s for a BUYER's first page on a graph of 26,000 links).
 */

interface PlanStep {
  operatorType: string;
  arguments: Record<string, unknown>;
  children: PlanStep[];
}

const steps = (plan: PlanStep): PlanStep[] => [plan, ...plan.children.flatMap(steps)];

const app = await testApp(t);
const maxDepth = testConfig().trace.maxDepth;

const lists = {
  supplyLinksPage: { customerId: null, supplierId: null },
  quarriesPage: { country: null, stoneType: null },
  processorsPage: { country: null },
  importersPage: { country: null },
  buyersPage: { country: null },
};

for (const role of ['MEMBER', 'BUYER'] as const) {
  for (const [list, filter] of Object.entries(lists)) {
    t.test(`a ${role}'s ${list} scans no label of the whole graph`, async (t) => {
      const { text } = registryQueries(visibilityOf(role, maxDepth))[list as keyof typeof lists];
      const { summary } = await app.graph.driver.executeQuery(`EXPLAIN ${text}`, {
        viewer: { role, orgId: 'any' },
        ...filter,
        limit: 5,
        afterKey: null,
        afterId: null,
      });
      const scans = steps(summary.plan as unknown as PlanStep)
        .filter((step) => /LabelScan|AllNodesScan/.test(step.operatorType))
        .map((step) => `${step.operatorType} ${String((step.arguments.Details as string | undefined) ?? '')}`);
      t.same(scans, [], 'no label or all-nodes scan');
    });
  }
}
