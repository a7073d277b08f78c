import { randomBytes } from 'node:crypto';
import t, { type Test } from 'tap';
import { buildSchema } from 'graphql';
import { KeyStore } from '../src/auth/keys.js';
import { loadSchemaSource } from '../src/graphql/plugin.js';
import { loadConfig } from '../src/config.js';
import { gql, issueToken, testApp, type GraphqlResponse } from './helpers/app.js';
import { allPages, TrackedChain } from './helpers/orgs.js';

/*
 * The permission matrix: every role against every query and mutation of the schema, on valid
 * inputs so that only permissions decide. The fixture is two unrelated chains:
 *
 *   Q > P > I  delivers to project X (buyer of X)        Q2 > I2  delivers to project Y (buyer of Y)
 *
 * Actors (columns):
 *   anonymous        no Authorization header
 *   ADMIN, ANALYST   unbound keys
 *   MEMBER           importer I: X's delivering importer, Q and P are its chain
 *   MEMBER_UPSTREAM  processor P: supplies I; its chain is P and Q only
 *   MEMBER_OTHER     importer I2: another organisation, unrelated chain
 *   BUYER            buyer of X
 *   BUYER_OTHER      buyer of Y: another organisation
 *
 * Outcomes (cells): ok; U = UNAUTHENTICATED; F = FORBIDDEN; NF = NOT_FOUND, which for a nullable
 * lookup means null without error, for a list that the record is not listed, and otherwise the
 * NOT_FOUND error; BAD = BAD_USER_INPUT; COST = QUERY_TOO_COMPLEX, a document dearer than the
 * caller's budget, refused before any field runs (downstream costs more than a caller without a
 * key may spend, so that caller is refused for the cost before it would be for the key); "-" = not
 * asserted.
 */

const actors = [
  'anonymous',
  'ADMIN',
  'ANALYST',
  'MEMBER',
  'MEMBER_UPSTREAM',
  'MEMBER_OTHER',
  'BUYER',
  'BUYER_OTHER',
] as const;
type Actor = (typeof actors)[number];

const QUERIES = `
operation                          | anonymous | ADMIN | ANALYST | MEMBER | MEMBER_UPSTREAM | MEMBER_OTHER | BUYER | BUYER_OTHER
viewer                             | U         | ok    | ok      | ok     | ok              | ok           | ok    | ok
project(X)                         | U         | ok    | ok      | ok     | NF              | NF           | ok    | NF
project(X).deliveries              | U         | ok    | ok      | ok     | NF              | NF           | ok    | NF
project(X).trace                   | U         | ok    | ok      | ok     | NF              | NF           | ok    | NF
project(X).authorisedImporters     | U         | ok    | ok      | ok     | NF              | NF           | ok    | NF
projects lists X                   | U         | ok    | ok      | ok     | NF              | NF           | ok    | NF
quarry(Q)                          | U         | ok    | ok      | ok     | ok              | NF           | ok    | NF
quarries lists Q                   | U         | ok    | ok      | ok     | ok              | NF           | ok    | NF
processors lists P                 | U         | ok    | ok      | ok     | ok              | NF           | ok    | NF
importers lists I                  | U         | ok    | ok      | ok     | NF              | NF           | ok    | NF
buyers lists buyer of X            | U         | ok    | ok      | ok     | NF              | NF           | ok    | NF
chainNode(P)                       | U         | ok    | ok      | ok     | ok              | NF           | ok    | NF
chainNode(I)                       | U         | ok    | ok      | ok     | NF              | NF           | ok    | NF
supplyLink(Q>P)                    | U         | ok    | ok      | ok     | ok              | NF           | ok    | NF
supplyLink(P>I)                    | U         | ok    | ok      | ok     | NF              | NF           | ok    | NF
supplyLinks(supplierId: Q) has Q>P | U         | ok    | ok      | ok     | ok              | NF           | ok    | NF
supplyLinks(customerId: I) has P>I | U         | ok    | ok      | ok     | NF              | NF           | ok    | NF
trace(X)                           | U         | ok    | ok      | ok     | NF              | NF           | ok    | NF
dueDiligence(X)                    | U         | ok    | ok      | ok     | NF              | NF           | ok    | NF
downstream(Q) lists X              | COST      | ok    | ok      | ok     | NF              | NF           | ok    | NF
riskAssessments(country)           | U         | ok    | ok      | ok     | ok              | ok           | ok    | ok
actionPlans(I)                     | U         | ok    | ok      | ok     | F               | F            | F     | F
quarryAreaReport (public)          | ok        | ok    | ok      | ok     | ok              | ok           | ok    | ok
sectorProgress (public)            | ok        | ok    | ok      | ok     | ok              | ok           | ok    | ok
siteMerges (public)                | ok        | ok    | ok      | ok     | ok              | ok           | ok    | ok
auditTrail(QI)                     | U         | ok    | F       | F      | F               | F            | F     | F
organisationAuditTrail(I)          | U         | ok    | F       | F      | F               | F            | F     | F
reportLinks(X)                     | U         | ok    | F       | F      | F               | F            | ok    | NF
complaintStatus(filed)             | ok        | ok    | ok      | ok     | ok              | ok           | ok    | ok
complaints(site Q)                 | U         | ok    | F       | NF     | NF              | NF           | F     | F
webhooks lists buyer X's           | U         | NF    | NF      | NF     | NF              | NF           | ok    | NF
notifications (own feed)           | U         | ok    | ok      | ok     | ok              | ok           | ok    | ok
`;

const MUTATIONS = `
operation                          | anonymous | ADMIN | ANALYST | MEMBER | MEMBER_UPSTREAM | MEMBER_OTHER | BUYER | BUYER_OTHER
registerQuarry                     | U         | ok    | F       | ok     | ok              | ok           | F     | F
registerProcessor                  | U         | ok    | F       | ok     | ok              | ok           | F     | F
registerImporter                   | U         | ok    | F       | F      | F               | F            | F     | F
registerBuyer                      | U         | ok    | F       | F      | F               | F            | F     | F
registerProject(buyer of X)        | U         | ok    | F       | F      | F               | F            | ok    | F
registerSupplyLink(Q>I)            | U         | ok    | F       | ok     | F               | F            | F     | F
registerSupplyLink(own customer)   | U         | ok    | F       | ok     | ok              | ok           | F     | F
endSupplyLink(P>I)                 | U         | ok    | F       | ok     | NF              | NF           | F     | F
endSupplyLink(Q>P)                 | U         | ok    | F       | F      | ok              | NF           | F     | F
updateSupplyLink(P>I)              | U         | ok    | F       | ok     | NF              | NF           | F     | F
updateSupplyLink(Q>P)              | U         | ok    | F       | F      | ok              | NF           | F     | F
updateQuarry(QI, by MEMBER)        | U         | ok    | F       | ok     | NF              | NF           | F     | F
updateQuarry(Q, seeded)            | U         | ok    | F       | F      | F               | NF           | F     | F
recordDelivery(I > X)              | U         | ok    | F       | ok     | F               | F            | F     | F
recordDelivery(own importer > X)   | U         | ok    | F       | ok     | -               | F            | F     | F
correctDelivery(X)                 | U         | ok    | F       | ok     | NF              | NF           | ok    | NF
cancelDelivery(X, second)          | U         | ok    | F       | ok     | NF              | NF           | ok    | NF
authoriseImporter(I > X)           | U         | ok    | F       | F      | F               | F            | ok    | NF
withdrawImporterAuthorisation(I2 > Y) | U      | ok    | F       | F      | F               | F            | NF    | ok
assessRisk(country)                | U         | ok    | ok      | F      | F               | F            | F     | F
assessRisk(site P)                 | U         | ok    | ok      | F      | ok              | NF           | F     | F
assessRisk(link P>I)               | U         | ok    | ok      | ok     | NF              | NF           | F     | F
recordActionPlan(for I at Q)       | U         | ok    | F       | ok     | F               | F            | F     | F
recordActionPlan(own at Q)         | U         | ok    | F       | ok     | ok              | NF           | F     | F
updateActionPlan(I's plan)         | U         | ok    | F       | ok     | NF              | NF           | F     | F
registerCertificate(site Q)        | U         | ok    | F       | F      | F               | NF           | F     | F
registerCertificate(delivery X)    | U         | ok    | F       | F      | NF              | NF           | F     | F
registerCertificate(own, delivery X) | U       | ok    | F       | ok     | NF              | NF           | F     | F
createReportLink(X)                | U         | ok    | F       | F      | F               | F            | ok    | NF
revokeReportLink(X's link)         | U         | ok    | F       | F      | F               | F            | ok    | NF
fileComplaint(site Q)              | ok        | ok    | -       | ok     | -               | -            | ok    | -
updateComplaint(filed)             | U         | ok    | F       | F      | F               | F            | F     | F
mergeSites(M2 into M1)             | U         | ok    | F       | F      | F               | F            | F     | F
registerWebhook                    | U         | F     | F       | ok     | ok              | ok           | ok    | ok
removeWebhook(buyer X's)           | U         | F     | F       | NF     | NF              | NF           | ok    | NF
`;

function parseMatrix(text: string): { operation: string; expected: Record<Actor, string> }[] {
  const [header, ...rows] = text
    .trim()
    .split('\n')
    .map((line) => line.split('|').map((cell) => cell.trim()));
  if (JSON.stringify(header!.slice(1)) !== JSON.stringify(actors))
    throw new Error(`matrix columns ${header!.join(',')}`);
  return rows.map(([operation, ...cells]) => {
    if (cells.length !== actors.length) throw new Error(`row ${operation} has ${cells.length} cells`);
    return {
      operation: operation!,
      expected: Object.fromEntries(actors.map((a, i) => [a, cells[i]])) as Record<Actor, string>,
    };
  });
}

const codes: Record<string, string> = {
  UNAUTHENTICATED: 'U',
  FORBIDDEN: 'F',
  NOT_FOUND: 'NF',
  BAD_USER_INPUT: 'BAD',
  CONFLICT: 'CONFLICT',
  QUERY_TOO_COMPLEX: 'COST',
};

interface Operation {
  /** The root field this cell exercises, for the check that the matrix covers the schema. */
  field: string;
  query: string;
  variables?: (actor: Actor) => Record<string, unknown>;
  /** With a successful response: does it show the record (a lookup) or hold the expected write? */
  present: (data: any, actor: Actor) => boolean | Promise<boolean>;
}

/** ok / U / F / NF / BAD, and what was seen (for the assertion message). */
async function outcome(
  response: GraphqlResponse<any>,
  present: () => boolean | Promise<boolean>,
): Promise<[string, string]> {
  if (response.statusCode === 401) return ['HTTP 401', JSON.stringify(response.errors)];
  const error = response.errors?.[0];
  if (error) {
    const code = String(error.extensions?.code);
    return [codes[code] ?? code, `${code}: ${error.message}`];
  }
  return (await present())
    ? ['ok', JSON.stringify(response.data).slice(0, 300)]
    : ['NF', JSON.stringify(response.data).slice(0, 300)];
}

const app = await testApp(t);
const tc = new TrackedChain();
tc.chain
  .quarry('Q', { country: 'TV' })
  .processor('P', 'TV')
  .importer('I', 'TV')
  .project('X', 'TV')
  .quarry('Q2', { country: 'TV' })
  .importer('I2')
  .project('Y')
  .quarry('M1', { country: 'TV' })
  .quarry('M2', { country: 'TV' });
const link = { QP: tc.link('Q', 'P'), PI: tc.link('P', 'I'), Q2I2: tc.link('Q2', 'I2') };
const delivery = { X: tc.delivery('X', 'I'), Y: tc.delivery('Y', 'I2'), secondX: tc.delivery('X', 'I') };
await tc.chain.save(app.graph);
const id = {
  Q: tc.id('Q'),
  P: tc.id('P'),
  I: tc.id('I'),
  X: tc.id('X'),
  buyerX: tc.id('X-buyer'),
  Q2: tc.id('Q2'),
  I2: tc.id('I2'),
  Y: tc.id('Y'),
  buyerY: tc.id('Y-buyer'),
  M1: tc.id('M1'),
  M2: tc.id('M2'),
};

const tokens: Record<Actor, string | undefined> = {
  anonymous: undefined,
  ADMIN: await issueToken(app, 'ADMIN'),
  ANALYST: await issueToken(app, 'ANALYST'),
  MEMBER: await issueToken(app, 'MEMBER', id.I),
  MEMBER_UPSTREAM: await issueToken(app, 'MEMBER', id.P),
  MEMBER_OTHER: await issueToken(app, 'MEMBER', id.I2),
  BUYER: await issueToken(app, 'BUYER', id.buyerX),
  BUYER_OTHER: await issueToken(app, 'BUYER', id.buyerY),
};

// A quarry registered by I's MEMBER key: its MEMBER may correct it, and it leaves audit entries.
// Its name is the run's own, or an earlier run's quarry in the same database would be a likely duplicate.
const registered = await gql(
  app,
  `mutation($input: QuarryInput!) { registerQuarry(input: $input) { id } }`,
  {
    input: { name: `QI ${randomBytes(3).toString('hex')}`, country: 'TV', region: 'Funafuti', stoneTypes: ['GRANITE'] },
  },
  tokens.MEMBER,
);
if (registered.errors) throw new Error(JSON.stringify(registered.errors));
const QI: string = registered.data!.registerQuarry.id;

// An action plan of I (recorded by its MEMBER key), for the updateActionPlan row.
const planned = await gql(
  app,
  `mutation($input: ActionPlanInput!) { recordActionPlan(input: $input) { id } }`,
  {
    input: {
      companyId: id.I,
      themes: ['HEALTH_SAFETY'],
      siteId: id.Q,
      description: 'dust extraction',
      status: 'PLANNED',
      collective: false,
    },
  },
  tokens.MEMBER,
);
if (planned.errors) throw new Error(JSON.stringify(planned.errors));
const planOfI: string = planned.data!.recordActionPlan.id;
const baseline = await gql(
  app,
  `mutation($input: RiskAssessmentInput!) { assessRisk(input: $input) { id } }`,
  {
    input: {
      theme: 'LAND_RIGHTS',
      severity: 'LOW',
      likelihood: 'LOW',
      description: 'baseline',
      source: 'test',
      assessedOn: '2025-01-01',
      country: 'TV',
    },
  },
  tokens.ADMIN,
);
if (baseline.errors) throw new Error(JSON.stringify(baseline.errors));
const baselineOfTV: string = baseline.data!.assessRisk.id;

// A report link of X, made by ADMIN, for the reportLinks and revokeReportLink rows.
const linked = await gql(
  app,
  'mutation($id: ID!, $on: Date!) { createReportLink(projectId: $id, expiresOn: $on) { id } }',
  { id: id.X, on: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10) },
  tokens.ADMIN,
);
if (linked.errors) throw new Error(JSON.stringify(linked.errors));
const linkOfX: string = linked.data!.createReportLink.id;

// A webhook of X's buyer, for the webhooks and removeWebhook rows.
const WEBHOOK =
  'mutation($url: String!) { registerWebhook(url: $url, events: [DELIVERY_RECORDED]) { webhook { id } } }';
const hooked = await gql(app, WEBHOOK, { url: 'https://93.184.215.14/hook' }, tokens.BUYER);
if (hooked.errors) throw new Error(JSON.stringify(hooked.errors));
const webhookOfX: string = hooked.data!.registerWebhook.webhook.id;

// A complaint about Q, filed without a key, for the complaint rows. Filing is limited to
// RATE_LIMIT_COMPLAINTS (default 5) per address an hour, and every request here comes from one
// address: so fileComplaint is asserted for four callers, this one being the fifth complaint.
const COMPLAINT = { siteId: id.Q, themes: ['HEALTH_SAFETY'], description: 'Dust everywhere, no masks at all.' };
const filed = await gql(
  app,
  'mutation($input: ComplaintInput!) { fileComplaint(input: $input) { reference followUpCode } }',
  { input: COMPLAINT },
);
if (filed.errors) throw new Error(JSON.stringify(filed.errors));
const receipt = filed.data!.fileComplaint as { reference: string; followUpCode: string };
const complaintAtQ = await gql(
  app,
  'query($id: ID!) { complaints(siteId: $id) { nodes { id } } }',
  { id: id.Q },
  tokens.ADMIN,
);
const complaintId: string = complaintAtQ.data!.complaints.nodes[0].id;

const organisationOf: Record<Actor, string | null> = {
  anonymous: null,
  ADMIN: null,
  ANALYST: null,
  MEMBER: id.I,
  MEMBER_UPSTREAM: id.P,
  MEMBER_OTHER: id.I2,
  BUYER: id.buyerX,
  BUYER_OTHER: id.buyerY,
};

const byId = (query: string, recordId: string, present: Operation['present'], field: string): Operation => ({
  field,
  query,
  variables: () => ({ id: recordId }),
  present,
});

const queries: Record<string, Operation> = {
  "webhooks lists buyer X's": {
    field: 'webhooks',
    query: '{ webhooks { nodes { id } } }',
    present: (d) => d.webhooks.nodes.some((w: any) => w.id === webhookOfX),
  },
  'notifications (own feed)': {
    field: 'notifications',
    query: '{ notifications { totalCount nodes { id } } }',
    present: (d) => typeof d.notifications.totalCount === 'number',
  },
  'quarryAreaReport (public)': {
    field: 'quarryAreaReport',
    query: '{ quarryAreaReport(year: 2025) { year rows { label companies } } }',
    present: (data) => data.quarryAreaReport.year === 2025,
  },
  'siteMerges (public)': {
    field: 'siteMerges',
    query: '{ siteMerges(first: 5) { totalCount nodes { id } } }',
    present: (data) => typeof data.siteMerges.totalCount === 'number',
  },
  'sectorProgress (public)': {
    field: 'sectorProgress',
    query: '{ sectorProgress(year: 2025) { year sector { weighting } } }',
    present: (data) => data.sectorProgress.year === 2025,
  },
  viewer: {
    field: 'viewer',
    query: '{ viewer { keyId role organisationId } }',
    present: (data, actor) =>
      data.viewer.role === actor.split('_')[0] && data.viewer.organisationId === organisationOf[actor],
  },
  'project(X)': byId(
    'query($id: ID!) { project(id: $id) { id name buyer { id } } }',
    id.X,
    (d) => d.project?.buyer.id === id.buyerX,
    'project',
  ),
  'project(X).deliveries': byId(
    'query($id: ID!) { project(id: $id) { deliveries { id importer { id } } } }',
    id.X,
    (d) => d.project?.deliveries.some((x: any) => x.id === delivery.X) === true,
    'project',
  ),
  'project(X).authorisedImporters': byId(
    'query($id: ID!) { project(id: $id) { authorisedImporters { importer { id } } } }',
    id.X,
    (d) => d.project?.authorisedImporters.some((a: any) => a.importer.id === id.I) === true,
    'project',
  ),
  'project(X).trace': byId(
    'query($id: ID!) { project(id: $id) { trace { tracedShare origins { quarry { id } } } } }',
    id.X,
    (d) => d.project?.trace.origins.some((o: any) => o.quarry.id === id.Q) === true,
    'project',
  ),
  'projects lists X': {
    field: 'projects',
    query: '{ projects(first: 1) { totalCount nodes { id } } }',
    present: async (_data, actor) =>
      (await allPages(app, tokens[actor]!, 'projects', 'id')).nodes.some((p) => p.id === id.X),
  },
  'quarry(Q)': byId('query($id: ID!) { quarry(id: $id) { id name } }', id.Q, (d) => d.quarry?.id === id.Q, 'quarry'),
  'quarries lists Q': {
    field: 'quarries',
    query: '{ quarries(country: "TV", first: 1) { totalCount nodes { id } } }',
    present: async (_data, actor) =>
      (await allPages(app, tokens[actor]!, 'quarries', 'id', 'country: "TV"')).nodes.some((q) => q.id === id.Q),
  },
  'processors lists P': {
    field: 'processors',
    query: '{ processors(country: "TV", first: 1) { totalCount } }',
    present: async (_data, actor) =>
      (await allPages(app, tokens[actor]!, 'processors', 'id', 'country: "TV"')).nodes.some((p) => p.id === id.P),
  },
  'importers lists I': {
    field: 'importers',
    query: '{ importers(country: "TV", first: 1) { totalCount } }',
    present: async (_data, actor) =>
      (await allPages(app, tokens[actor]!, 'importers', 'id', 'country: "TV"')).nodes.some((i) => i.id === id.I),
  },
  'buyers lists buyer of X': {
    field: 'buyers',
    query: '{ buyers(country: "TV", first: 1) { totalCount } }',
    present: async (_data, actor) =>
      (await allPages(app, tokens[actor]!, 'buyers', 'id', 'country: "TV"')).nodes.some((b) => b.id === id.buyerX),
  },
  'chainNode(P)': byId(
    'query($id: ID!) { chainNode(id: $id) { __typename id } }',
    id.P,
    (d) => d.chainNode?.id === id.P,
    'chainNode',
  ),
  'chainNode(I)': byId(
    'query($id: ID!) { chainNode(id: $id) { __typename id } }',
    id.I,
    (d) => d.chainNode?.id === id.I,
    'chainNode',
  ),
  'supplyLink(Q>P)': byId(
    'query($id: ID!) { supplyLink(id: $id) { id supplier { id } customer { id } } }',
    link.QP,
    (d) => d.supplyLink?.supplier.id === id.Q && d.supplyLink?.customer.id === id.P,
    'supplyLink',
  ),
  'supplyLink(P>I)': byId(
    'query($id: ID!) { supplyLink(id: $id) { id supplier { id } customer { id } } }',
    link.PI,
    (d) => d.supplyLink?.supplier.id === id.P && d.supplyLink?.customer.id === id.I,
    'supplyLink',
  ),
  'supplyLinks(supplierId: Q) has Q>P': byId(
    'query($id: ID) { supplyLinks(supplierId: $id, first: 100) { totalCount nodes { id } } }',
    id.Q,
    (d) => d.supplyLinks.nodes.some((l: any) => l.id === link.QP) && d.supplyLinks.totalCount >= 1,
    'supplyLinks',
  ),
  'supplyLinks(customerId: I) has P>I': byId(
    'query($id: ID) { supplyLinks(customerId: $id, first: 100) { totalCount nodes { id } } }',
    id.I,
    (d) => d.supplyLinks.nodes.some((l: any) => l.id === link.PI) && d.supplyLinks.totalCount >= 1,
    'supplyLinks',
  ),
  'trace(X)': byId(
    'query($id: ID!) { trace(projectId: $id) { project { id } tracedShare origins { quarry { id } } } }',
    id.X,
    (d) => d.trace.project.id === id.X && d.trace.origins.some((o: any) => o.quarry.id === id.Q),
    'trace',
  ),
  'downstream(Q) lists X': byId(
    'query($id: ID!) { downstream(siteId: $id) { projects { project { id } share } } }',
    id.Q,
    (d) => d.downstream.projects.some((p: any) => p.project.id === id.X && p.share === 1),
    'downstream',
  ),
  'dueDiligence(X)': byId(
    'query($id: ID!) { dueDiligence(projectId: $id) { project { id } origins { tracedShare quarries { quarry { id } } } } }',
    id.X,
    (d) => d.dueDiligence.project.id === id.X && d.dueDiligence.origins.quarries.some((o: any) => o.quarry.id === id.Q),
    'dueDiligence',
  ),
  'riskAssessments(country)': {
    field: 'riskAssessments',
    query: '{ riskAssessments(country: "TV", first: 100) { totalCount nodes { id country } } }',
    present: (d) => d.riskAssessments.nodes.some((a: any) => a.id === baselineOfTV),
  },
  'actionPlans(I)': byId(
    'query($id: ID!) { actionPlans(companyId: $id) { totalCount nodes { id company { id } } } }',
    id.I,
    (d) => d.actionPlans.nodes.some((p: any) => p.id === planOfI && p.company.id === id.I),
    'actionPlans',
  ),
  'auditTrail(QI)': {
    field: 'auditTrail',
    query: 'query($id: ID!) { auditTrail(recordId: $id) { totalCount nodes { action recordId actorRole } } }',
    variables: () => ({ id: QI }),
    present: (d) =>
      d.auditTrail.nodes.some(
        (e: any) => e.action === 'registerQuarry' && e.recordId === QI && e.actorRole === 'MEMBER',
      ),
  },
  'reportLinks(X)': byId(
    'query($id: ID!) { reportLinks(projectId: $id, first: 100) { totalCount nodes { id projectId } } }',
    id.X,
    (d) => d.reportLinks.nodes.some((l: any) => l.id === linkOfX && l.projectId === id.X),
    'reportLinks',
  ),
  'complaintStatus(filed)': {
    field: 'complaintStatus',
    query:
      'query($reference: String!, $code: String!) { complaintStatus(reference: $reference, followUpCode: $code) { reference status } }',
    variables: () => ({ reference: receipt.reference, code: receipt.followUpCode }),
    present: (d) => d.complaintStatus.reference === receipt.reference,
  },
  'complaints(site Q)': byId(
    'query($id: ID!) { complaints(siteId: $id) { totalCount nodes { id contact { email } internalNotes { text } } } }',
    id.Q,
    (d) => d.complaints.nodes.some((c: any) => c.id === complaintId),
    'complaints',
  ),
  'organisationAuditTrail(I)': {
    field: 'organisationAuditTrail',
    query: 'query($id: ID!) { organisationAuditTrail(organisationId: $id) { totalCount nodes { recordId } } }',
    variables: () => ({ id: id.I }),
    present: (d) => d.organisationAuditTrail.nodes.some((e: any) => e.recordId === QI),
  },
};

const suffix = randomBytes(3).toString('hex');
const linkInput = (supplierId: string, customerId: string) => ({
  input: { supplierId, customerId, stoneType: 'GRANITE', validFrom: '2021-01-01' },
});
const LINK_FIELDS = 'id stoneType validTo annualVolumeTonnes supplier { id } customer { id }';
const AUTHORISATION = (field: string) =>
  `mutation($projectId: ID!, $importerId: ID!) { ${field}(projectId: $projectId, importerId: $importerId) { project { id } importer { id } withdrawnOn } }`;
const DELIVERY = `mutation($input: DeliveryInput!) { recordDelivery(input: $input) { id project { id } importer { id } massTonnes } }`;
const deliveryInput = (importerId: string) => ({
  input: {
    projectId: id.X,
    importerId,
    stoneType: 'GRANITE',
    quantity: 5,
    unit: 'T',
    massTonnes: 5,
    deliveredOn: '2025-07-01',
  },
});
const ownCustomer: Partial<Record<Actor, [string, string]>> = {
  MEMBER_UPSTREAM: [id.Q, id.P],
  MEMBER_OTHER: [id.Q2, id.I2],
};

const mutations: Record<string, Operation> = {
  registerWebhook: {
    field: 'registerWebhook',
    query: WEBHOOK,
    variables: (actor) => ({ url: `https://93.184.215.14/${actor}` }),
    present: (d) => typeof d.registerWebhook.webhook.id === 'string',
  },
  "removeWebhook(buyer X's)": {
    field: 'removeWebhook',
    query: 'mutation($id: ID!) { removeWebhook(id: $id) { id } }',
    variables: () => ({ id: webhookOfX }),
    present: (d) => d.removeWebhook.id === webhookOfX,
  },
  registerQuarry: {
    field: 'registerQuarry',
    query: 'mutation($input: QuarryInput!) { registerQuarry(input: $input) { id name stoneTypes } }',
    variables: (actor) => ({
      input: { name: `perm ${suffix} quarry by ${actor}`, country: 'TV', region: 'Nukufetau', stoneTypes: ['GRANITE'] },
    }),
    present: (d, actor) =>
      d.registerQuarry.name === `perm ${suffix} quarry by ${actor}` && typeof d.registerQuarry.id === 'string',
  },
  registerProcessor: {
    field: 'registerProcessor',
    query: 'mutation($input: ProcessorInput!) { registerProcessor(input: $input) { id name } }',
    variables: (actor) => ({ input: { name: `perm ${suffix} processor by ${actor}`, country: 'CN', city: 'Xiamen' } }),
    present: (d, actor) => d.registerProcessor.name === `perm ${suffix} processor by ${actor}`,
  },
  registerImporter: {
    field: 'registerImporter',
    query: 'mutation($input: ImporterInput!) { registerImporter(input: $input) { id name covenantMember } }',
    variables: (actor) => ({
      input: { name: `perm ${suffix} importer by ${actor}`, country: 'NL', covenantMember: true },
    }),
    present: (d, actor) =>
      d.registerImporter.name === `perm ${suffix} importer by ${actor}` && d.registerImporter.covenantMember === true,
  },
  registerBuyer: {
    field: 'registerBuyer',
    query: 'mutation($input: BuyerInput!) { registerBuyer(input: $input) { id name } }',
    variables: (actor) => ({ input: { name: `perm ${suffix} buyer by ${actor}`, country: 'NL' } }),
    present: (d, actor) => d.registerBuyer.name === `perm ${suffix} buyer by ${actor}`,
  },
  'registerProject(buyer of X)': {
    field: 'registerProject',
    query: 'mutation($input: ProjectInput!) { registerProject(input: $input) { id name buyer { id } } }',
    variables: (actor) => ({
      input: {
        name: `perm ${suffix} project by ${actor}`,
        kind: 'STREET',
        city: 'Gouda',
        country: 'NL',
        buyerId: id.buyerX,
      },
    }),
    present: (d) => d.registerProject.buyer.id === id.buyerX,
  },
  'registerSupplyLink(Q>I)': {
    field: 'registerSupplyLink',
    query: `mutation($input: SupplyLinkInput!) { registerSupplyLink(input: $input) { ${LINK_FIELDS} } }`,
    variables: () => linkInput(id.Q, id.I),
    present: (d) => d.registerSupplyLink.supplier.id === id.Q && d.registerSupplyLink.customer.id === id.I,
  },
  'registerSupplyLink(own customer)': {
    field: 'registerSupplyLink',
    query: `mutation($input: SupplyLinkInput!) { registerSupplyLink(input: $input) { ${LINK_FIELDS} } }`,
    variables: (actor) => linkInput(...(ownCustomer[actor] ?? [id.Q, id.I])),
    present: (d, actor) => {
      const [supplier, customer] = ownCustomer[actor] ?? [id.Q, id.I];
      return d.registerSupplyLink.supplier.id === supplier && d.registerSupplyLink.customer.id === customer;
    },
  },
  'endSupplyLink(P>I)': {
    field: 'endSupplyLink',
    query: `mutation($id: ID!) { endSupplyLink(id: $id, validTo: "2099-12-31") { ${LINK_FIELDS} } }`,
    variables: () => ({ id: link.PI }),
    present: (d) => d.endSupplyLink.id === link.PI && d.endSupplyLink.validTo === '2099-12-31',
  },
  'endSupplyLink(Q>P)': {
    field: 'endSupplyLink',
    query: `mutation($id: ID!) { endSupplyLink(id: $id, validTo: "2099-12-31") { ${LINK_FIELDS} } }`,
    variables: () => ({ id: link.QP }),
    present: (d) => d.endSupplyLink.id === link.QP && d.endSupplyLink.validTo === '2099-12-31',
  },
  'updateSupplyLink(P>I)': {
    field: 'updateSupplyLink',
    query: `mutation($id: ID!) { updateSupplyLink(id: $id, input: { annualVolumeTonnes: 500 }) { ${LINK_FIELDS} } }`,
    variables: () => ({ id: link.PI }),
    present: (d) => d.updateSupplyLink.id === link.PI && d.updateSupplyLink.annualVolumeTonnes === 500,
  },
  'updateSupplyLink(Q>P)': {
    field: 'updateSupplyLink',
    query: `mutation($id: ID!) { updateSupplyLink(id: $id, input: { annualVolumeTonnes: 700 }) { ${LINK_FIELDS} } }`,
    variables: () => ({ id: link.QP }),
    present: (d) => d.updateSupplyLink.id === link.QP && d.updateSupplyLink.annualVolumeTonnes === 700,
  },
  'updateQuarry(QI, by MEMBER)': {
    field: 'updateQuarry',
    query: 'mutation($id: ID!, $region: String) { updateQuarry(id: $id, input: { region: $region }) { id region } }',
    variables: (actor) => ({ id: QI, region: `corrected by ${actor}` }),
    present: (d, actor) => d.updateQuarry.id === QI && d.updateQuarry.region === `corrected by ${actor}`,
  },
  'updateQuarry(Q, seeded)': {
    field: 'updateQuarry',
    query: 'mutation($id: ID!, $region: String) { updateQuarry(id: $id, input: { region: $region }) { id region } }',
    variables: (actor) => ({ id: id.Q, region: `corrected by ${actor}` }),
    present: (d, actor) => d.updateQuarry.id === id.Q && d.updateQuarry.region === `corrected by ${actor}`,
  },
  'recordDelivery(I > X)': {
    field: 'recordDelivery',
    query: DELIVERY,
    variables: () => deliveryInput(id.I),
    present: (d) =>
      d.recordDelivery.project.id === id.X &&
      d.recordDelivery.importer.id === id.I &&
      d.recordDelivery.massTonnes === 5,
  },
  // Only importers the buyer authorised deliver: I2 is authorised for Y, not for X.
  'recordDelivery(own importer > X)': {
    field: 'recordDelivery',
    query: DELIVERY,
    variables: (actor) => deliveryInput(actor === 'MEMBER_OTHER' ? id.I2 : id.I),
    present: (d, actor) => d.recordDelivery.importer.id === (actor === 'MEMBER_OTHER' ? id.I2 : id.I),
  },
  'correctDelivery(X)': {
    field: 'correctDelivery',
    query: 'mutation($id: ID!) { correctDelivery(id: $id, input: { quantity: 12 }) { id quantity } }',
    variables: () => ({ id: delivery.X }),
    present: (d) => d.correctDelivery.id === delivery.X && d.correctDelivery.quantity === 12,
  },
  // The first permitted caller cancels it; the others get the cancelled delivery back.
  'cancelDelivery(X, second)': {
    field: 'cancelDelivery',
    query: 'mutation($id: ID!) { cancelDelivery(id: $id, reason: "wrong project") { id cancelledOn } }',
    variables: () => ({ id: delivery.secondX }),
    present: (d) => d.cancelDelivery.id === delivery.secondX && d.cancelDelivery.cancelledOn !== null,
  },
  'authoriseImporter(I > X)': {
    field: 'authoriseImporter',
    query: AUTHORISATION('authoriseImporter'),
    variables: () => ({ projectId: id.X, importerId: id.I }),
    present: (d) =>
      d.authoriseImporter.project.id === id.X &&
      d.authoriseImporter.importer.id === id.I &&
      d.authoriseImporter.withdrawnOn === null,
  },
  'withdrawImporterAuthorisation(I2 > Y)': {
    field: 'withdrawImporterAuthorisation',
    query: AUTHORISATION('withdrawImporterAuthorisation'),
    variables: () => ({ projectId: id.Y, importerId: id.I2 }),
    present: (d) =>
      d.withdrawImporterAuthorisation.importer.id === id.I2 && d.withdrawImporterAuthorisation.withdrawnOn !== null,
  },
};

const ASSESS =
  'mutation($input: RiskAssessmentInput!) { assessRisk(input: $input) { id targetKind country site { id } link { id } assessedBy { role organisationId } } }';
const assessment = (target: Record<string, string>) => ({
  input: {
    theme: 'HEALTH_SAFETY',
    severity: 'HIGH',
    likelihood: 'MEDIUM',
    description: 'permission matrix',
    source: 'test',
    assessedOn: '2025-03-01',
    ...target,
  },
});
const PLAN = 'mutation($input: ActionPlanInput!) { recordActionPlan(input: $input) { id company { id } site { id } } }';
const planAt = (companyId: string) => ({
  input: {
    companyId,
    themes: ['CHILD_LABOUR'],
    siteId: id.Q,
    description: 'school programme',
    status: 'IN_PROGRESS',
    collective: true,
  },
});
const CERTIFICATE =
  'mutation($input: CertificateInput!) { registerCertificate(input: $input) { id scope site { id } delivery { id } } }';
const certificate = (scope: Record<string, string>) => ({
  input: {
    scheme: 'FAIR_STONE',
    holderId: id.Q,
    validFrom: '2025-01-01',
    validTo: '2027-12-31',
    themes: ['CHILD_LABOUR'],
    reference: `FS-${suffix}`,
    ...scope,
  },
});

Object.assign(mutations, {
  'assessRisk(country)': {
    field: 'assessRisk',
    query: ASSESS,
    variables: () => assessment({ country: 'TV' }),
    present: (d, actor) =>
      d.assessRisk.targetKind === 'COUNTRY' && d.assessRisk.country === 'TV' && d.assessRisk.assessedBy.role === actor,
  },
  'assessRisk(site P)': {
    field: 'assessRisk',
    query: ASSESS,
    variables: () => assessment({ siteId: id.P }),
    present: (d) => d.assessRisk.targetKind === 'SITE' && d.assessRisk.site.id === id.P,
  },
  'assessRisk(link P>I)': {
    field: 'assessRisk',
    query: ASSESS,
    variables: () => assessment({ linkId: link.PI }),
    present: (d) => d.assessRisk.targetKind === 'LINK' && d.assessRisk.link.id === link.PI,
  },
  'recordActionPlan(for I at Q)': {
    field: 'recordActionPlan',
    query: PLAN,
    variables: () => planAt(id.I),
    present: (d) => d.recordActionPlan.company.id === id.I && d.recordActionPlan.site.id === id.Q,
  },
  'recordActionPlan(own at Q)': {
    field: 'recordActionPlan',
    query: PLAN,
    variables: (actor) => planAt(organisationOf[actor] ?? id.I),
    present: (d, actor) => d.recordActionPlan.company.id === (organisationOf[actor] ?? id.I),
  },
  "updateActionPlan(I's plan)": {
    field: 'updateActionPlan',
    query:
      'mutation($id: ID!, $evidence: String) { updateActionPlan(id: $id, input: { status: IN_PROGRESS, evidence: $evidence }) { id status evidence } }',
    variables: (actor) => ({ id: planOfI, evidence: `progress noted by ${actor}` }),
    present: (d, actor) =>
      d.updateActionPlan.status === 'IN_PROGRESS' && d.updateActionPlan.evidence === `progress noted by ${actor}`,
  },
  'registerCertificate(site Q)': {
    field: 'registerCertificate',
    query: CERTIFICATE,
    variables: () => certificate({ siteId: id.Q }),
    present: (d) => d.registerCertificate.scope === 'SITE' && d.registerCertificate.site.id === id.Q,
  },
  'registerCertificate(own, delivery X)': {
    field: 'registerCertificate',
    query: CERTIFICATE,
    variables: (actor) => certificate({ holderId: organisationOf[actor] ?? id.I, deliveryId: delivery.X }),
    present: (d) => d.registerCertificate.scope === 'DELIVERY' && d.registerCertificate.delivery.id === delivery.X,
  },
  'createReportLink(X)': {
    field: 'createReportLink',
    query:
      'mutation($id: ID!, $on: Date!) { createReportLink(projectId: $id, expiresOn: $on) { id url projectId status } }',
    variables: () => ({ id: id.X, on: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10) }),
    present: (d) =>
      d.createReportLink.projectId === id.X &&
      d.createReportLink.status === 'ACTIVE' &&
      typeof d.createReportLink.url === 'string',
  },
  'fileComplaint(site Q)': {
    field: 'fileComplaint',
    query: 'mutation($input: ComplaintInput!) { fileComplaint(input: $input) { reference status } }',
    variables: () => ({ input: COMPLAINT }),
    present: (d) => d.fileComplaint.status === 'RECEIVED',
  },
  // A note only, so the row holds however often it runs.
  // The first permitted caller merges them; asking again returns the same merge.
  'mergeSites(M2 into M1)': {
    field: 'mergeSites',
    query:
      'mutation($keep: ID!, $merge: ID!) { mergeSites(keepId: $keep, mergeId: $merge, reason: "one quarry, twice") { keptId mergedId } }',
    variables: () => ({ keep: id.M1, merge: id.M2 }),
    present: (d) => d.mergeSites.keptId === id.M1 && d.mergeSites.mergedId === id.M2,
  },
  'updateComplaint(filed)': {
    field: 'updateComplaint',
    query:
      'mutation($id: ID!) { updateComplaint(id: $id, publicNote: "Received, thank you.") { id publicNotes { text } } }',
    variables: () => ({ id: complaintId }),
    present: (d) => d.updateComplaint.id === complaintId && d.updateComplaint.publicNotes.length > 0,
  },
  // The first permitted caller revokes it; the others get the revoked link back.
  "revokeReportLink(X's link)": {
    field: 'revokeReportLink',
    query: 'mutation($id: ID!) { revokeReportLink(id: $id) { id status } }',
    variables: () => ({ id: linkOfX }),
    present: (d) => d.revokeReportLink.id === linkOfX && d.revokeReportLink.status === 'REVOKED',
  },
  'registerCertificate(delivery X)': {
    field: 'registerCertificate',
    query: CERTIFICATE,
    variables: () => certificate({ deliveryId: delivery.X }),
    present: (d) => d.registerCertificate.scope === 'DELIVERY' && d.registerCertificate.delivery.id === delivery.X,
  },
} satisfies Record<string, Operation>);

/**
 * Asserts every cell of a table. Reads of one row run concurrently (they change nothing); writes
 * run one at a time, so each sees the state the table's earlier rows left.
 */
async function runMatrix(
  t: Test,
  matrix: string,
  operations: Record<string, Operation>,
  concurrent: boolean,
): Promise<void> {
  const rows = parseMatrix(matrix);
  t.same(
    rows.map((r) => r.operation).sort(),
    Object.keys(operations).sort(),
    'every row of the table has an operation and vice versa',
  );
  const cell = async (op: Operation, actor: Actor): Promise<[string, string]> => {
    const response = await gql(app, op.query, op.variables?.(actor) ?? {}, tokens[actor]);
    return outcome(response, () => op.present(response.data, actor));
  };
  for (const { operation, expected } of rows) {
    const op = operations[operation];
    if (!op) continue;
    const asserted = actors.filter((actor) => expected[actor] !== '-');
    const results: [string, string][] = [];
    if (concurrent) results.push(...(await Promise.all(asserted.map((actor) => cell(op, actor)))));
    else for (const actor of asserted) results.push(await cell(op, actor));
    asserted.forEach((actor, i) => {
      const [actual, seen] = results[i]!;
      t.equal(actual, expected[actor], `${actor} × ${operation}: expected ${expected[actor]}, got ${actual} (${seen})`);
    });
  }
}

t.test('the matrix covers every query and mutation of the schema', async (t) => {
  const schema = buildSchema(loadSchemaSource());
  const covered = (ops: Record<string, Operation>) => new Set(Object.values(ops).map((op) => op.field));
  t.same(
    Object.keys(schema.getQueryType()!.getFields()).filter((f) => !covered(queries).has(f)),
    [],
    'queries without a row',
  );
  t.same(
    Object.keys(schema.getMutationType()!.getFields()).filter((f) => !covered(mutations).has(f)),
    [],
    'mutations without a row',
  );
});

t.test('queries: who may read what', async (t) => {
  await runMatrix(t, QUERIES, queries, true);
});

t.test('mutations: who may write what', async (t) => {
  await runMatrix(t, MUTATIONS, mutations, false);
});

// ---------------------------------------------------------------------------------------------
// Authentication: a header that is not a valid, unrevoked token is a 401, never anonymous.

const { keyCacheTtlMs } = loadConfig().edge;

async function post(headers: Record<string, string>, query = '{ viewer { role } }') {
  const response = await app.inject({ method: 'POST', url: '/graphql', payload: { query }, headers });
  return { status: response.statusCode, headers: response.headers, body: response.json<any>(), raw: response.body };
}

function expect401(t: Test, response: Awaited<ReturnType<typeof post>>, message: RegExp, what: string): void {
  t.equal(response.status, 401, `${what}: HTTP 401`);
  t.equal(response.body.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED', `${what}: code UNAUTHENTICATED`);
  t.match(response.body.errors?.[0]?.message, message, `${what}: message ${message}`);
  t.notOk(response.body.data, `${what}: no data`);
  t.match(String(response.headers['www-authenticate']), /^Bearer/, `${what}: WWW-Authenticate: Bearer`);
}

t.test('a malformed Authorization header is a 401 with a message, never a downgrade to anonymous', async (t) => {
  const malformed = /malformed Authorization header.*Bearer stk_/;
  expect401(t, await post({ authorization: 'Basic x' }), malformed, 'Basic x');
  expect401(t, await post({ authorization: 'Bearer garbage' }), malformed, 'Bearer garbage');
  expect401(t, await post({ authorization: 'Bearer' }), malformed, 'Bearer without a token');
  expect401(t, await post({ authorization: '' }), malformed, 'an empty header');
  expect401(t, await post({ authorization: `Bearer ${tokens.ADMIN} extra` }), malformed, 'a token followed by more');
  // Public data is not served to a bad header either: introspection with one is refused too.
  expect401(
    t,
    await post({ authorization: 'Bearer garbage' }, '{ __schema { queryType { name } } }'),
    malformed,
    'introspection with a bad header',
  );
});

t.test('an unknown token is a 401 "invalid API token"', async (t) => {
  const neverIssued = `stk_${randomBytes(8).toString('hex')}.${randomBytes(32).toString('base64url')}`;
  t.match(neverIssued, /^stk_[0-9a-f]{16}\.[A-Za-z0-9_-]{43}$/, 'the fake token is well-formed');
  const response = await post({ authorization: `Bearer ${neverIssued}` });
  expect401(t, response, /invalid API token/, 'a never-issued token');
  t.notMatch(response.raw, neverIssued.split('.')[1]!, 'the response does not echo the secret');

  const [keyPart] = tokens.ANALYST!.split('.');
  const wrongSecret = `${keyPart}.${randomBytes(32).toString('base64url')}`;
  expect401(
    t,
    await post({ authorization: `Bearer ${wrongSecret}` }),
    /invalid API token/,
    'a real key id with a wrong secret',
  );
});

t.test('a revoked token is a 401 "revoked" within the key cache time; a valid one works', async (t) => {
  const token = await issueToken(app, 'ANALYST');
  const before = await post({ authorization: `Bearer ${token}` });
  t.equal(before.status, 200, 'valid token: HTTP 200');
  t.equal(before.body.data?.viewer?.role, 'ANALYST', 'valid token: the viewer is its key');
  t.equal(before.body.errors, undefined, 'valid token: no errors');

  // Revoked elsewhere (the keys CLI): this instance trusted the key a moment ago, for at most keyCacheTtlMs.
  const keyId = /^stk_([0-9a-f]{16})\./.exec(token)![1]!;
  const revokedAt = Date.now();
  t.ok(await new KeyStore(app.graph).revoke(keyId), 'revoked');
  let refused = await post({ authorization: `Bearer ${token}` });
  while (refused.status === 200 && Date.now() - revokedAt < keyCacheTtlMs + 1000) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    refused = await post({ authorization: `Bearer ${token}` });
  }
  t.ok(Date.now() - revokedAt <= keyCacheTtlMs + 1000, `refused within the key cache time (${keyCacheTtlMs} ms)`);
  expect401(t, refused, /revoked/, 'a revoked token');
  expect401(
    t,
    await post(
      { authorization: `Bearer ${token}` },
      'mutation { registerBuyer(input: { name: "x", country: "NL" }) { id } }',
    ),
    /revoked/,
    'a revoked token on a mutation',
  );
  // Revoking one key leaves the others alone.
  t.equal(
    (await post({ authorization: `Bearer ${tokens.ANALYST}` })).body.data?.viewer?.role,
    'ANALYST',
    'another key still works',
  );
});

t.test('without a token only the schema is public', async (t) => {
  const introspection = await post({}, '{ __schema { queryType { name } mutationType { name } } }');
  t.equal(introspection.status, 200, 'introspection: HTTP 200');
  t.same(introspection.body.data, { __schema: { queryType: { name: 'Query' }, mutationType: { name: 'Mutation' } } });
  t.equal(introspection.body.errors, undefined, 'introspection: no errors');

  const typename = await post({}, '{ __typename }');
  t.same(typename.body.data, { __typename: 'Query' }, '__typename is public');

  const viewer = await post({}, '{ viewer { role } }');
  t.equal(viewer.body.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED', 'viewer without a token: UNAUTHENTICATED');
  t.match(viewer.body.errors?.[0]?.message, /API key/, 'the message says what is missing');
});
