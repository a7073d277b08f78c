import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import t, { type Test } from 'tap';
import { gql, issueToken, testApp } from './helpers/app.js';
import { addCompany, allPages, authoriseImporter, companyIds, ok, TrackedChain, withoutIds } from './helpers/orgs.js';

/*
 * Leak tests. Two independent companies A ("Alder…") and B ("Birch…"), each an importer fed by two
 * processors fed by a quarry each, and a buyer per company whose project its importer delivers to.
 * A also imports marble for other customers (a marble quarry its granite buyer must not see), and a
 * third buyer's project gets deliveries from both importers. With A's MEMBER key and A's buyer's
 * BUYER key, B's records must be indistinguishable from records that do not exist, on every path.
 */

const app = await testApp(t);
const tag = randomBytes(4).toString('hex');
const tc = new TrackedChain();
const A = addCompany(tc, `Alder${tag}`, 'NR');
const B = addCompany(tc, `Birch${tag}`, 'NR');
const marbleName = `${A.marker} marble quarry`;
tc.chain.quarry(marbleName, { country: 'NR', stoneTypes: ['MARBLE'] });
const marbleLink = tc.link(marbleName, A.names.importer, { stoneType: 'MARBLE' });
const marbleQuarry = tc.id(marbleName);
const sharedName = `Shared ${tag} project`;
tc.chain.project(sharedName);
const sharedDeliveryA = tc.delivery(sharedName, A.names.importer, { massTonnes: 10 });
const sharedDeliveryB = tc.delivery(sharedName, B.names.importer, { massTonnes: 30 });
await tc.chain.save(app.graph);
const shared = tc.id(sharedName);
const sharedBuyer = tc.id(`${sharedName}-buyer`);

/** What A's keys must never see: B's ids and anything named after B. */
const bSecrets = [...companyIds(B), sharedDeliveryB, B.marker];

const admin = await issueToken(app, 'ADMIN');
const analyst = await issueToken(app, 'ANALYST');
const memberA = await issueToken(app, 'MEMBER', A.importer);
const buyerA = await issueToken(app, 'BUYER', A.buyer);
const memberB = await issueToken(app, 'MEMBER', B.importer);
const buyerB = await issueToken(app, 'BUYER', B.buyer);
const upstreamA = await issueToken(app, 'MEMBER', A.processors[0]);
const viewersOfA: [string, string][] = [
  ['MEMBER of A', memberA],
  ['BUYER of A', buyerA],
];

const NODE = 'id name __typename';
const LINK = `id stoneType validFrom validTo annualVolumeTonnes supplier { ${NODE} } customer { ${NODE} }`;
const PROJECT = `id name kind city country buyer { id name }
  deliveries { id stoneType massTonnes deliveredOn importer { ${NODE} } project { id } }
  trace { tracedShare nodes { ${NODE} } links { ${LINK} }
    origins { share quarry { ${NODE} } paths { nodes { ${NODE} } links { id } } }
    gaps { share stoneType node { ${NODE} } } }`;

type Listed = { totalCount: number; nodes: any[] };

interface View {
  viewer: unknown;
  projects: Listed;
  quarries: Listed;
  processors: Listed;
  importers: Listed;
  buyers: Listed;
  supplyLinks: Listed;
}

/** Everything a key can list: every project (with deliveries and trace), quarry, processor, importer, buyer and link. */
async function everything(app: FastifyInstance, token: string): Promise<View> {
  const [viewer, projects, quarries, processors, importers, buyers, supplyLinks] = await Promise.all([
    ok(app, '{ viewer { keyId role organisationId } }', {}, token),
    // A trace per project: a page of 100 would cost more than a MEMBER's or BUYER's budget per document.
    allPages(app, token, 'projects', PROJECT, '', { first: 5 }),
    allPages(app, token, 'quarries', 'id name country region stoneTypes location { lat lon }'),
    allPages(app, token, 'processors', `${NODE} country city`),
    allPages(app, token, 'importers', `${NODE} country covenantMember`),
    allPages(app, token, 'buyers', 'id name country'),
    allPages(app, token, 'supplyLinks', LINK),
  ]);
  return { viewer: viewer.viewer, projects, quarries, processors, importers, buyers, supplyLinks };
}

const ids = (nodes: { id: string }[]): string[] => nodes.map((n) => n.id).sort();

/** Asserts that none of `secrets` (ids, name markers) occurs anywhere in `value`. */
function noneOf(t: Test, value: unknown, secrets: string[], what: string): void {
  const text = JSON.stringify(value);
  const found = secrets.filter((secret) => text.includes(secret));
  t.same(found, [], `${what}: shows nothing the key may not see`);
}

/** A response as a client sees it: data and errors (message, code and other extensions, path). */
async function response(app: FastifyInstance, query: string, variables: Record<string, unknown>, token: string) {
  const r = await gql(app, query, variables, token);
  return {
    status: r.statusCode,
    data: r.data,
    errors: r.errors?.map((e) => ({ message: e.message, path: e.path, extensions: e.extensions })),
  };
}

/**
 * Runs `query` with each of `secretIds` as `$id` and with a random id that was never used, and
 * asserts the responses are identical once the id itself is blanked out; returns the random one.
 */
async function sameAsNonexistent(
  t: Test,
  app: FastifyInstance,
  token: string,
  what: string,
  query: string,
  secretIds: string[],
  variables: (id: string) => Record<string, unknown> = (id) => ({ id }),
): Promise<unknown> {
  const random = randomUUID();
  const reference = withoutIds(await response(app, query, variables(random), token), [random]);
  const probes = await Promise.all(
    secretIds.map(async (id) => [id, await response(app, query, variables(id), token)] as const),
  );
  for (const [id, probe] of probes) {
    t.same(withoutIds(probe, [id]), reference, `${what} with ${id}: same response as for an id that does not exist`);
    noneOf(
      t,
      probe,
      bSecrets.filter((s) => s !== id),
      `${what} with ${id}`,
    );
  }
  return reference;
}

/**
 * Every lookup by id, in one request per id (each field compared on its own). `trace` is a
 * non-null root field whose NOT_FOUND error nulls the whole response, so it gets its own request.
 */
const LOOKUPS = `query($id: ID!) {
  project(id: $id) { id name buyer { id } deliveries { id } trace { tracedShare nodes { id } links { id } } }
  quarry(id: $id) { id name }
  chainNode(id: $id) { id name }
  supplyLink(id: $id) { id supplier { id } customer { id } }
  supplyLinksOfCustomer: supplyLinks(customerId: $id, first: 100) { totalCount nodes { id } pageInfo { hasNextPage endCursor } }
  supplyLinksOfSupplier: supplyLinks(supplierId: $id, first: 100) { totalCount nodes { id } pageInfo { hasNextPage endCursor } }
}`;
const TRACE = 'query($id: ID!) { trace(projectId: $id) { tracedShare nodes { id } links { id } } }';
const emptyPage = { totalCount: 0, nodes: [], pageInfo: { hasNextPage: false, endCursor: null } };

async function probeLookups(
  t: Test,
  token: string,
  viewer: string,
  secretIds: string[],
  traceIds: string[],
  secrets: string[] = bSecrets,
): Promise<void> {
  const random = randomUUID();
  const [lookups, trace]: any[] = await Promise.all([
    response(app, LOOKUPS, { id: random }, token).then((r) => withoutIds(r, [random])),
    response(app, TRACE, { id: random }, token).then((r) => withoutIds(r, [random])),
  ]);
  // The reference is the documented "not found": null, an empty page, or NOT_FOUND with the id.
  t.same(
    lookups,
    {
      status: 200,
      data: {
        project: null,
        quarry: null,
        chainNode: null,
        supplyLink: null,
        supplyLinksOfCustomer: emptyPage,
        supplyLinksOfSupplier: emptyPage,
      },
    },
    `${viewer}: unknown ids give null and empty pages, without errors`,
  );
  t.same(
    trace,
    {
      status: 200,
      data: null,
      errors: [
        {
          message: 'Project "<id>" was not found',
          path: ['trace'],
          extensions: { code: 'NOT_FOUND', kind: 'Project', id: '<id>' },
        },
      ],
    },
    `${viewer}: trace of an unknown project is NOT_FOUND naming the id only`,
  );
  await Promise.all(
    secretIds.map(async (id) => {
      const [probe, probeTrace] = await Promise.all([
        response(app, LOOKUPS, { id }, token),
        traceIds.includes(id) ? response(app, TRACE, { id }, token) : null,
      ]);
      const seen = withoutIds(probe, [id]) as any;
      for (const field of Object.keys(lookups.data)) {
        t.same(
          seen.data?.[field],
          lookups.data[field],
          `${viewer}: ${field} with ${id}: as for an id that does not exist`,
        );
      }
      t.same(
        seen.errors,
        lookups.errors,
        `${viewer}: lookups with ${id}: the same errors (none) as for an id that does not exist`,
      );
      if (probeTrace)
        t.same(
          withoutIds(probeTrace, [id]),
          trace,
          `${viewer}: trace(${id}): the same NOT_FOUND as for an id that does not exist`,
        );
      noneOf(
        t,
        [probe, probeTrace],
        secrets.filter((s) => s !== id),
        `${viewer}: lookups with ${id}`,
      );
    }),
  );
}

const REGISTER_LINK = `mutation($input: SupplyLinkInput!) { registerSupplyLink(input: $input) { ${LINK} } }`;
const linkInput = (supplierId: string, customerId: string, validFrom = '2022-01-01') => ({
  input: { supplierId, customerId, stoneType: 'GRANITE', validFrom },
});

async function probeMutations(t: Test, bNodes: string[], bLinks: string[], bQuarries: string[]): Promise<void> {
  const notFound = (reference: any, what: string) =>
    t.equal(reference.errors?.[0]?.extensions?.code, 'NOT_FOUND', `${what} of an unknown id is NOT_FOUND`);
  notFound(
    await sameAsNonexistent(
      t,
      app,
      memberA,
      'MEMBER of A: registerSupplyLink(supplier = B)',
      REGISTER_LINK,
      bNodes,
      (id) => linkInput(id, A.importer),
    ),
    'registerSupplyLink supplier',
  );
  notFound(
    await sameAsNonexistent(
      t,
      app,
      memberA,
      'MEMBER of A: endSupplyLink(B)',
      'mutation($id: ID!) { endSupplyLink(id: $id, validTo: "2030-01-01") { id } }',
      bLinks,
    ),
    'endSupplyLink',
  );
  notFound(
    await sameAsNonexistent(
      t,
      app,
      memberA,
      'MEMBER of A: updateSupplyLink(B)',
      'mutation($id: ID!) { updateSupplyLink(id: $id, input: { annualVolumeTonnes: 1 }) { id } }',
      bLinks,
    ),
    'updateSupplyLink',
  );
  notFound(
    await sameAsNonexistent(
      t,
      app,
      memberA,
      'MEMBER of A: updateQuarry(B)',
      'mutation($id: ID!) { updateQuarry(id: $id, input: { region: "x" }) { id } }',
      bQuarries,
    ),
    'updateQuarry',
  );
}

t.test("A's keys see exactly A's records", async (t) => {
  // Control: the searches below would find B's records, as an ANALYST is shown every one of them.
  const all = await ok(
    app,
    `query($b: ID!, $s: ID!) {
    b: project(id: $b) { id name buyer { id name } deliveries { id importer { ${NODE} } } trace { nodes { ${NODE} } links { id } } }
    s: project(id: $s) { deliveries { id importer { ${NODE} } } }
  }`,
    { b: B.project, s: shared },
    analyst,
  );
  t.same(
    bSecrets.filter((secret) => !JSON.stringify(all).includes(secret)),
    [],
    'the ANALYST is shown every record of B',
  );

  const member = await everything(app, memberA);
  t.same(
    ids(member.projects.nodes),
    [A.project, shared].sort(),
    'MEMBER of A: its project and the one it shares with B',
  );
  t.equal(member.projects.totalCount, 2, 'MEMBER of A: projects totalCount');
  t.same(ids(member.quarries.nodes), [...A.quarries, marbleQuarry].sort(), 'MEMBER of A: its quarries');
  t.equal(member.quarries.totalCount, 3, 'MEMBER of A: quarries totalCount');
  t.same(ids(member.supplyLinks.nodes), [...A.links, marbleLink].sort(), 'MEMBER of A: its links');
  t.equal(member.supplyLinks.totalCount, 5, 'MEMBER of A: supplyLinks totalCount');
  t.same(ids(member.processors.nodes), [...A.processors].sort(), 'MEMBER of A: its processors');
  t.equal(member.processors.totalCount, 2, 'MEMBER of A: processors totalCount');
  t.same(ids(member.importers.nodes), [A.importer], 'MEMBER of A: itself among the importers');
  t.equal(member.importers.totalCount, 1, 'MEMBER of A: importers totalCount');
  t.same(
    ids(member.buyers.nodes),
    [A.buyer, sharedBuyer].sort(),
    'MEMBER of A: the buyers of the projects it delivered to',
  );
  t.equal(member.buyers.totalCount, 2, 'MEMBER of A: buyers totalCount');
  const sharedView = member.projects.nodes.find((p) => p.id === shared);
  t.same(
    ids(sharedView?.deliveries ?? []),
    [sharedDeliveryA],
    'MEMBER of A: only its own delivery to the shared project',
  );
  t.same(
    ids(sharedView?.trace.origins.map((o: any) => o.quarry) ?? []),
    [...A.quarries].sort(),
    'MEMBER of A: the shared project traces through its own chain only',
  );
  noneOf(t, member, bSecrets, 'MEMBER of A: projects, deliveries, traces, quarries, links');

  const buyer = await everything(app, buyerA);
  t.same(ids(buyer.projects.nodes), [A.project], 'BUYER of A: its project only');
  t.equal(buyer.projects.totalCount, 1, 'BUYER of A: projects totalCount');
  t.same(
    ids(buyer.quarries.nodes),
    [...A.quarries].sort(),
    'BUYER of A: the granite quarries upstream of its delivery, not the marble one',
  );
  t.equal(buyer.quarries.totalCount, 2, 'BUYER of A: quarries totalCount');
  t.same(ids(buyer.supplyLinks.nodes), [...A.links].sort(), 'BUYER of A: the granite links upstream of its delivery');
  t.equal(buyer.supplyLinks.totalCount, 4, 'BUYER of A: supplyLinks totalCount');
  t.same(ids(buyer.processors.nodes), [...A.processors].sort(), 'BUYER of A: the processors upstream of its delivery');
  t.equal(buyer.processors.totalCount, 2, 'BUYER of A: processors totalCount');
  t.same(ids(buyer.importers.nodes), [A.importer], 'BUYER of A: the importer that delivered to it');
  t.equal(buyer.importers.totalCount, 1, 'BUYER of A: importers totalCount');
  t.same(ids(buyer.buyers.nodes), [A.buyer], 'BUYER of A: itself among the buyers');
  t.equal(buyer.buyers.totalCount, 1, 'BUYER of A: buyers totalCount');
  noneOf(t, buyer, [...bSecrets, shared, sharedBuyer, sharedDeliveryA, marbleQuarry, marbleLink], 'BUYER of A');
});

t.test("B's ids are indistinguishable from ids that do not exist, for every lookup", async (t) => {
  for (const [viewer, token] of viewersOfA) await probeLookups(t, token, viewer, companyIds(B), [B.project]);
  // The shared project is A's member's (it delivered there) but not A's buyer's.
  await probeLookups(t, buyerA, 'BUYER of A', [shared, marbleQuarry, marbleLink], [shared]);
});

t.test("mutations that take B's ids answer as for ids that do not exist", async (t) => {
  await probeMutations(t, [B.importer, ...B.processors, ...B.quarries], B.links, B.quarries);
  // Checks that come before the lookup give the same answer for B's ids as for unknown ones.
  await sameAsNonexistent(
    t,
    app,
    memberA,
    'MEMBER of A: recordDelivery(importer = B)',
    'mutation($input: DeliveryInput!) { recordDelivery(input: $input) { id } }',
    [B.importer],
    (id) => ({
      input: {
        projectId: A.project,
        importerId: id,
        stoneType: 'GRANITE',
        quantity: 1,
        unit: 'T',
        massTonnes: 1,
        deliveredOn: '2025-01-01',
      },
    }),
  );
  await sameAsNonexistent(
    t,
    app,
    memberA,
    'MEMBER of A: registerSupplyLink(customer = B)',
    REGISTER_LINK,
    [B.importer, ...B.processors],
    (id) => linkInput(A.quarries[0], id),
  );
  await sameAsNonexistent(
    t,
    app,
    buyerA,
    'BUYER of A: registerProject(buyer = B)',
    'mutation($input: ProjectInput!) { registerProject(input: $input) { id } }',
    [B.buyer],
    (id) => ({ input: { name: 'x', kind: 'OTHER', city: 'Delft', country: 'NL', buyerId: id } }),
  );
  // Nothing of the failed attempts was written.
  const links = await allPages(app, memberA, 'supplyLinks', 'id');
  t.same(ids(links.nodes), [...A.links, marbleLink].sort(), 'MEMBER of A: still exactly its links');
});

t.test('a MEMBER of a processor upstream of A sees only its own upstream part', async (t) => {
  const view = await everything(app, upstreamA);
  t.same(view.projects, { totalCount: 0, nodes: [] }, 'no projects: it delivers to none');
  t.same(ids(view.quarries.nodes), [A.quarries[0]], 'only the quarry that supplies it');
  t.equal(view.quarries.totalCount, 1, 'quarries totalCount');
  t.same(ids(view.supplyLinks.nodes), [A.links[0]], 'only the link into it');
  t.equal(view.supplyLinks.totalCount, 1, 'supplyLinks totalCount');
  t.same(ids(view.processors.nodes), [A.processors[0]], 'itself among the processors');
  t.same(
    [view.importers, view.buyers],
    [
      { totalCount: 0, nodes: [] },
      { totalCount: 0, nodes: [] },
    ],
    'no importer or buyer: none is upstream of it, and it delivers to no project',
  );
  const hiddenOfA = [
    A.importer,
    A.processors[1],
    A.quarries[1],
    A.links[1],
    A.links[2],
    A.links[3],
    A.project,
    A.buyer,
    marbleQuarry,
    marbleLink,
    shared,
    sharedBuyer,
  ];
  noneOf(
    t,
    view,
    [...hiddenOfA, `${A.marker} importer`, `${A.marker} processor 2`, `${A.marker} quarry 2`, ...bSecrets],
    "MEMBER of A's processor",
  );

  await probeLookups(
    t,
    upstreamA,
    "MEMBER of A's processor",
    hiddenOfA,
    [A.project, shared],
    [...hiddenOfA, ...bSecrets],
  );
  const visible = await ok(
    app,
    'query($p: ID!, $q: ID!) { p: chainNode(id: $p) { id } q: quarry(id: $q) { id } }',
    { p: A.processors[0], q: A.quarries[0] },
    upstreamA,
  );
  t.same(visible, { p: { id: A.processors[0] }, q: { id: A.quarries[0] } }, 'its own node and its supplier resolve');
});

t.test('every record a key is shown also resolves by id for that key', async (t) => {
  for (const [viewer, token] of [...viewersOfA, ["MEMBER of A's processor", upstreamA]] as [string, string][]) {
    await shownResolves(t, app, token, viewer);
  }
});

/** Every chain node, link and project in a key's lists, deliveries and traces resolves by id for it. */
async function shownResolves(t: Test, app: FastifyInstance, token: string, viewer: string): Promise<void> {
  const view = await everything(app, token);
  const nodes = new Map<string, string>();
  const links = new Set<string>();
  const projects = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (!value || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    if (typeof record.__typename === 'string' && typeof record.id === 'string')
      nodes.set(record.id, String(record.name));
    if (record.supplier && typeof record.id === 'string') links.add(record.id);
    Object.values(record).forEach(walk);
  };
  walk(view);
  for (const link of view.projects.nodes.flatMap((p) => [
    ...p.trace.links,
    ...p.trace.origins.flatMap((o: any) => o.paths.flatMap((x: any) => x.links)),
  ])) {
    links.add(link.id);
  }
  for (const p of view.projects.nodes) projects.add(p.id);
  // One request: an aliased lookup per record.
  const checks: { id: string; field: string; what: string }[] = [
    ...[...nodes].map(([id, name]) => ({
      id,
      field: 'chainNode(id: $ID) { id }',
      what: `chain node ${name} (${id}) resolves by chainNode`,
    })),
    ...[...links].map((id) => ({ id, field: 'supplyLink(id: $ID) { id }', what: `link ${id} resolves by supplyLink` })),
    ...[...projects].map((id) => ({
      id,
      field: 'project(id: $ID) { id trace { tracedShare } }',
      what: `project ${id} resolves by project`,
    })),
  ];
  const query = `query(${checks.map((_, i) => `$v${i}: ID!`).join(', ')}) {
    ${checks.map((c, i) => `r${i}: ${c.field.replace('$ID', `$v${i}`)}`).join('\n    ')}
  }`;
  const data = await ok(app, query, Object.fromEntries(checks.map((c, i) => [`v${i}`, c.id])), token);
  checks.forEach((check, i) => t.equal(data[`r${i}`]?.id, check.id, `${viewer}: shown in a response, ${check.what}`));
  for (const id of projects) {
    const { trace } = await ok(app, 'query($id: ID!) { trace(projectId: $id) { project { id } } }', { id }, token);
    t.equal(trace.project.id, id, `${viewer}: project ${id} resolves by trace`);
  }
}

t.test("counts and ids A's keys see do not change when B registers more", async (t) => {
  const before = { member: await everything(app, memberA), buyer: await everything(app, buyerA) };

  // B grows: new quarry and processor (registered by B's key), links, a new project, deliveries.
  const name = (what: string) => `${B.marker} new ${what}`;
  const quarry = (
    await ok(
      app,
      'mutation($input: QuarryInput!) { registerQuarry(input: $input) { id } }',
      {
        input: { name: name('quarry'), country: 'NR', region: 'Yaren', stoneTypes: ['GRANITE'] },
      },
      memberB,
    )
  ).registerQuarry.id as string;
  const processor = (
    await ok(
      app,
      'mutation($input: ProcessorInput!) { registerProcessor(input: $input) { id } }',
      {
        input: { name: name('processor'), country: 'IN', city: 'Bangalore' },
      },
      memberB,
    )
  ).registerProcessor.id as string;
  const newLinks = [
    (await ok(app, REGISTER_LINK, linkInput(processor, B.importer, '2020-01-01'), memberB)).registerSupplyLink
      .id as string,
    (await ok(app, REGISTER_LINK, linkInput(quarry, processor, '2020-01-01'), admin)).registerSupplyLink.id as string,
  ];
  const adminQuarry = (
    await ok(
      app,
      'mutation($input: QuarryInput!) { registerQuarry(input: $input) { id } }',
      {
        input: { name: name('unlinked quarry'), country: 'NR', region: 'Yaren', stoneTypes: ['GRANITE'] },
      },
      admin,
    )
  ).registerQuarry.id as string;
  const project = (
    await ok(
      app,
      'mutation($input: ProjectInput!) { registerProject(input: $input) { id } }',
      {
        input: { name: name('project'), kind: 'BRIDGE', city: 'Gent', country: 'BE', buyerId: B.buyer },
      },
      buyerB,
    )
  ).registerProject.id as string;
  await authoriseImporter(app, buyerB, project, B.importer);
  const deliver = async (projectId: string) =>
    (
      await ok(
        app,
        'mutation($input: DeliveryInput!) { recordDelivery(input: $input) { id } }',
        {
          input: {
            projectId,
            importerId: B.importer,
            stoneType: 'GRANITE',
            quantity: 7,
            unit: 'T',
            massTonnes: 7,
            deliveredOn: '2025-08-01',
          },
        },
        memberB,
      )
    ).recordDelivery.id as string;
  const newDeliveries = [await deliver(project), await deliver(B.project), await deliver(shared)];
  bSecrets.push(quarry, processor, adminQuarry, project, ...newLinks, ...newDeliveries);

  // The additions are real: the analyst and B's own keys see them.
  const seenByAnalyst = await ok(
    app,
    `query($q: ID!, $a: ID!, $p: ID!, $l: ID!) {
    q: quarry(id: $q) { id } a: quarry(id: $a) { id } p: project(id: $p) { id deliveries { id } } l: supplyLink(id: $l) { id }
  }`,
    { q: quarry, a: adminQuarry, p: project, l: newLinks[1] },
    analyst,
  );
  t.same(
    seenByAnalyst,
    {
      q: { id: quarry },
      a: { id: adminQuarry },
      p: { id: project, deliveries: [{ id: newDeliveries[0] }] },
      l: { id: newLinks[1] },
    },
    "the ANALYST sees B's new records",
  );
  t.same(
    (await ok(app, 'query($id: ID!) { project(id: $id) { id } }', { id: project }, buyerB)).project,
    { id: project },
    "B's buyer sees its new project",
  );

  const after = { member: await everything(app, memberA), buyer: await everything(app, buyerA) };
  t.same(
    after.member.projects.totalCount,
    before.member.projects.totalCount,
    'MEMBER of A: projects totalCount unchanged',
  );
  t.same(
    after.member.quarries.totalCount,
    before.member.quarries.totalCount,
    'MEMBER of A: quarries totalCount unchanged',
  );
  t.same(
    after.member.supplyLinks.totalCount,
    before.member.supplyLinks.totalCount,
    'MEMBER of A: supplyLinks totalCount unchanged',
  );
  t.same(
    after.buyer.projects.totalCount,
    before.buyer.projects.totalCount,
    'BUYER of A: projects totalCount unchanged',
  );
  t.same(
    after.buyer.quarries.totalCount,
    before.buyer.quarries.totalCount,
    'BUYER of A: quarries totalCount unchanged',
  );
  t.same(
    after.buyer.supplyLinks.totalCount,
    before.buyer.supplyLinks.totalCount,
    'BUYER of A: supplyLinks totalCount unchanged',
  );
  t.same(
    after.member,
    before.member,
    'MEMBER of A: everything it can list is exactly as before (ids, deliveries, traces)',
  );
  t.same(after.buyer, before.buyer, 'BUYER of A: everything it can list is exactly as before');
  noneOf(t, after, bSecrets, "A's keys after B's additions");

  // B's new ids are as unknown to A as the old ones.
  for (const [viewer, token] of viewersOfA) {
    await probeLookups(t, token, viewer, [quarry, processor, adminQuarry, project, ...newLinks], [project]);
  }
  await probeMutations(t, [quarry, processor, adminQuarry], newLinks, [quarry, adminQuarry]);
});

t.test('idempotency keys are per organisation: B using a key tells A nothing', async (t) => {
  const key = `same-key-${tag}`;
  const b = await gql(
    app,
    `mutation($input: SupplyLinkInput!, $key: String) { registerSupplyLink(input: $input, idempotencyKey: $key) { id } }`,
    {
      ...linkInput(B.quarries[0], B.importer, '2023-01-01'),
      key,
    },
    memberB,
  );
  t.equal(b.errors, undefined, 'B registers a link with the key');
  const a = await gql(
    app,
    `mutation($input: SupplyLinkInput!, $key: String) { registerSupplyLink(input: $input, idempotencyKey: $key) { ${LINK} } }`,
    {
      ...linkInput(A.quarries[0], A.importer, '2023-01-01'),
      key,
    },
    memberA,
  );
  t.equal(a.errors, undefined, 'A uses the same key with another input: no CONFLICT');
  t.equal(a.data?.registerSupplyLink?.supplier?.id, A.quarries[0], "A's own link is created, not B's replayed");
  noneOf(t, a, bSecrets, 'A with the same idempotency key');
  const again = await gql(
    app,
    `mutation($input: SupplyLinkInput!, $key: String) { registerSupplyLink(input: $input, idempotencyKey: $key) { id } }`,
    {
      ...linkInput(A.quarries[1], A.importer, '2023-01-01'),
      key,
    },
    memberA,
  );
  t.equal(again.errors?.[0]?.extensions?.code, 'CONFLICT', 'within A the key is taken: another input is a CONFLICT');
});

t.test('a link is shown only with a supplier the key may see (registered, not yet linked processor)', async (t) => {
  // A's key registers a processor it has not linked to itself yet (it is not upstream of A).
  // The secretariat then declares that processor's own supplier, a quarry of another company.
  const cedar = `Cedar${tag}`;
  const processor = (
    await ok(
      app,
      'mutation($input: ProcessorInput!) { registerProcessor(input: $input) { id } }',
      {
        input: { name: `${A.marker} registered processor`, country: 'CN', city: null },
      },
      memberA,
    )
  ).registerProcessor.id as string;
  const quarry = (
    await ok(
      app,
      'mutation($input: QuarryInput!) { registerQuarry(input: $input) { id } }',
      {
        input: { name: `${cedar} quarry`, country: 'NR', region: 'Yaren', stoneTypes: ['GRANITE'] },
      },
      admin,
    )
  ).registerQuarry.id as string;
  const link = (await ok(app, REGISTER_LINK, linkInput(quarry, processor), admin)).registerSupplyLink.id as string;

  t.equal(
    (await ok(app, 'query($id: ID!) { chainNode(id: $id) { id } }', { id: processor }, memberA)).chainNode?.id,
    processor,
    'A sees the processor it registered',
  );
  t.equal(
    (await ok(app, 'query($id: ID!) { quarry(id: $id) { id } }', { id: quarry }, memberA)).quarry,
    null,
    "A may not see the other company's quarry",
  );
  const links = await ok(
    app,
    `query($id: ID!) { supplyLinks(customerId: $id) { totalCount nodes { ${LINK} } } }`,
    { id: processor },
    memberA,
  );
  noneOf(t, links, [quarry, cedar, link], 'A: supplyLinks(customerId: its registered, unlinked processor)');
  t.equal(links.supplyLinks.totalCount, 0, "the processor is not upstream of A: its supply links are not in A's chain");
  await shownResolves(t, app, memberA, 'MEMBER of A (with a registered processor)');
});

t.test('links at the depth limit are shown only with suppliers the key may see', async (t) => {
  // With a depth limit of 2, Q is three links upstream of I: beyond what I's key and X's buyer see.
  const app = await testApp(t, { trace: { maxDepth: 2 } });
  const deep = new TrackedChain();
  deep.chain
    .quarry(`Deep${tag} Q`)
    .processor(`Deep${tag} P2`)
    .processor(`Deep${tag} P1`)
    .importer(`Deep${tag} I`)
    .project(`Deep${tag} X`);
  const far = deep.link(`Deep${tag} Q`, `Deep${tag} P2`);
  deep.link(`Deep${tag} P2`, `Deep${tag} P1`);
  deep.link(`Deep${tag} P1`, `Deep${tag} I`);
  deep.delivery(`Deep${tag} X`, `Deep${tag} I`);
  await deep.chain.save(app.graph);
  const q = deep.id(`Deep${tag} Q`);
  const viewers: [string, string][] = [
    ['MEMBER of I (depth 2)', await issueToken(app, 'MEMBER', deep.id(`Deep${tag} I`))],
    ['BUYER of X (depth 2)', await issueToken(app, 'BUYER', deep.id(`Deep${tag} X-buyer`))],
  ];
  for (const [viewer, token] of viewers) {
    const lookup = await ok(
      app,
      'query($q: ID!, $l: ID!) { quarry(id: $q) { id } supplyLink(id: $l) { id supplier { id name } } }',
      { q, l: far },
      token,
    );
    t.equal(
      lookup.supplyLink === null,
      lookup.quarry === null,
      `${viewer}: the link Q > P2 is shown (${lookup.supplyLink !== null}) exactly when its supplier Q is (${lookup.quarry !== null})`,
    );
    await shownResolves(t, app, token, viewer);
  }
});
