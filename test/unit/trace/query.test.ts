import neo4j, { Node } from 'neo4j-driver';
import t from 'tap';
import { traceRows, type TracePart, type TracePartRow } from '../../../src/trace/query.js';

/** The trace query's rows, gathered into one trace per project; no database. */

let identity = 0;
const node = (label: string, properties: Record<string, unknown>) =>
  new Node(neo4j.int(identity++), [label], properties, `e${identity}`);
const row = (projectId: string, part: TracePart): TracePartRow => ({ projectId, part });

const project = node('Project', { id: 'X' });
const buyer = node('Buyer', { id: 'B' });
const [early, late] = [node('Delivery', { id: 'd1' }), node('Delivery', { id: 'd2' })];
const importer = node('Importer', { id: 'I' });
const linkOf = (deliveryId: string, id: string, supplierId: string): TracePart => [
  'link',
  deliveryId,
  supplierId,
  'I',
  [id, 'GRANITE', '2024-01-01', null, 300],
];

t.test(
  "pieces in any order make one trace: each delivery with its own links, in the project's delivery order",
  async (t) => {
    const [trace, ...more] = traceRows([
      row('X', linkOf('d2', 'l2', 'P2')),
      row('X', ['node', ['ChainNode', 'Processor'], ['P1', 'Mill', 'PT', null, 'Porto', null, null, null]]),
      row('X', [
        'project',
        project,
        buyer,
        [
          [early, importer],
          [late, importer],
        ],
        7,
      ]),
      row('X', linkOf('d1', 'l1', 'P1')),
      row('X', linkOf('d2', 'l1', 'P1')),
    ]);
    t.equal(more.length, 0, 'one project, one trace');
    t.equal(trace?.dataVersion, 7);
    t.equal(trace?.project, project);
    t.equal(trace?.buyer, buyer);
    t.same(
      trace?.deliveries.map((d) => [d.delivery.properties.id, d.links.map((l) => l.link.properties.id)]),
      [
        ['d1', ['l1']],
        ['d2', ['l2', 'l1']],
      ],
    );
    t.same(
      trace?.deliveries[0]?.links[0],
      {
        link: {
          labels: ['SupplyLink'],
          properties: {
            id: 'l1',
            stoneType: 'GRANITE',
            validFrom: '2024-01-01',
            validTo: null,
            annualVolumeTonnes: 300,
          },
        },
        supplierId: 'P1',
        customerId: 'I',
      },
      'a link as the records read it: its properties by name',
    );
    t.same(trace?.suppliers, [
      {
        labels: ['ChainNode', 'Processor'],
        properties: {
          id: 'P1',
          name: 'Mill',
          country: 'PT',
          region: null,
          city: 'Porto',
          covenantMember: null,
          location: null,
          stoneTypes: null,
        },
      },
    ]);
    t.same([trace?.areaAssessments, trace?.evidence], [[], []], 'read without risks: no evidence');
  },
);

t.test('several projects stay apart, in the order they first appear, with their evidence', async (t) => {
  const other = node('Project', { id: 'Y' });
  const assessment = node('RiskAssessment', { id: 'a' });
  const plan = node('ActionPlan', { id: 'p' });
  const traces = traceRows([
    row('Y', ['evidence', plan, 'P1', importer]),
    row('X', ['project', project, buyer, [], 7]),
    row('Y', ['areaAssessment', assessment]),
    row('Y', ['project', other, buyer, [[early, importer]], 7]),
  ]);
  t.same(
    traces.map((trace) => trace.project.properties.id),
    ['Y', 'X'],
  );
  t.same(traces[0]?.evidence, [{ item: plan, targetId: 'P1', organisation: importer }]);
  t.same(traces[0]?.areaAssessments, [assessment]);
  t.same(traces[1]?.deliveries, [], 'a project without deliveries is still traced');
});

t.test('pieces of a project whose header never came are an error, not a missing project', async (t) => {
  t.throws(() => traceRows([row('X', linkOf('d1', 'l1', 'P1'))]), /without the project/);
});
