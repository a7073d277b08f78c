import t, { type Test } from 'tap';
import { setTimeout as sleep } from 'node:timers/promises';
import { cypher } from '../src/db/graph.js';
import { authorisationKey, withdrawAuthorisation } from '../src/registry/writes.js';
import { footprint, gql, issueToken, testApp, type GraphqlResponse } from './helpers/app.js';
import { ok, TrackedChain } from './helpers/orgs.js';

/*
 * Who may deliver to a project. Fixture: quarries Q1 > importer I and Q2 > importer J, both
 * unauthorised for project X (a buyer of its own); project Y has another buyer; importer K is
 * unrelated to all of it.
 */

const app = await testApp(t);
const tc = new TrackedChain();
tc.chain
  .quarry('Q1', { country: 'PT', region: 'Evora' })
  .quarry('Q2', { country: 'IT', region: 'Apuania', stoneTypes: ['GRANITE', 'MARBLE'] })
  .importer('I')
  .importer('J')
  .importer('K')
  .project('X')
  .project('Y');
tc.link('Q1', 'I');
tc.link('Q2', 'J');
await tc.chain.save(app.graph);
const id = {
  Q1: tc.id('Q1'),
  Q2: tc.id('Q2'),
  I: tc.id('I'),
  J: tc.id('J'),
  K: tc.id('K'),
  X: tc.id('X'),
  Y: tc.id('Y'),
};

const token = {
  admin: await issueToken(app, 'ADMIN'),
  analyst: await issueToken(app, 'ANALYST'),
  I: await issueToken(app, 'MEMBER', id.I),
  J: await issueToken(app, 'MEMBER', id.J),
  K: await issueToken(app, 'MEMBER', id.K),
  buyerX: await issueToken(app, 'BUYER', tc.id('X-buyer')),
  buyerY: await issueToken(app, 'BUYER', tc.id('Y-buyer')),
};

const AUTHORISE = `mutation($projectId: ID!, $importerId: ID!) {
  authoriseImporter(projectId: $projectId, importerId: $importerId) { id project { id } importer { id } authorisedOn authorisedBy withdrawnOn }
}`;
const WITHDRAW = `mutation($projectId: ID!, $importerId: ID!) {
  withdrawImporterAuthorisation(projectId: $projectId, importerId: $importerId) { id project { id } importer { id } authorisedOn authorisedBy withdrawnOn }
}`;
const DELIVER = `mutation($input: DeliveryInput!) { recordDelivery(input: $input) { id massTonnes } }`;
const DELIVERY_FIELDS = 'id stoneType quantity unit massTonnes deliveredOn cancelledOn cancellationReason';
const CORRECT = `mutation($id: ID!, $input: DeliveryCorrection!) { correctDelivery(id: $id, input: $input) { ${DELIVERY_FIELDS} } }`;
const CANCEL = `mutation($id: ID!, $reason: String!) { cancelDelivery(id: $id, reason: $reason) { ${DELIVERY_FIELDS} } }`;
const AUTHORISED = `query($id: ID!) { project(id: $id) { id authorisedImporters { importer { id } authorisedBy } } }`;
const TRACE = `query($id: ID!) { trace(projectId: $id) { tracedShare origins { quarry { id } share } } }`;

const deliveryInput = (importerId: string, fields: Record<string, unknown> = {}) => ({
  input: {
    projectId: id.X,
    importerId,
    stoneType: 'GRANITE',
    quantity: 10,
    unit: 'T',
    massTonnes: 10,
    deliveredOn: '2025-06-01',
    ...fields,
  },
});
const today = new Date().toISOString().slice(0, 10);

const deliveriesOfX = async (): Promise<{ id: string; massTonnes: number }[]> =>
  (await ok(app, 'query($id: ID!) { project(id: $id) { deliveries { id massTonnes } } }', { id: id.X }, token.analyst))
    .project.deliveries;
/** Origin shares by quarry id, and the traced share, rounded. */
const shares = async (as: string): Promise<Record<string, number>> => {
  const trace = (await ok(app, TRACE, { id: id.X }, as)).trace;
  const round = (share: number) => Math.round(share * 1000) / 1000;
  return {
    traced: round(trace.tracedShare),
    ...Object.fromEntries(trace.origins.map((o: any) => [o.quarry.id, round(o.share)])),
  };
};
const auditOf = async (recordId: string) =>
  (
    await ok(
      app,
      'query($id: ID!) { auditTrail(recordId: $id) { nodes { action actorRole actorOrganisationId before after } } }',
      { id: recordId },
      token.admin,
    )
  ).auditTrail.nodes as {
    action: string;
    actorRole: string;
    actorOrganisationId: string | null;
    before: string | null;
    after: string;
  }[];
const auditActions = async (organisationId: string, action: string): Promise<number> => {
  const trail = await ok(
    app,
    'query($id: ID!) { organisationAuditTrail(organisationId: $id, first: 100) { nodes { action } } }',
    { id: organisationId },
    token.admin,
  );
  return trail.organisationAuditTrail.nodes.filter((n: any) => n.action === action).length;
};

const authorisationCount = cypher<{ projectId: string; importerId: string }, { n: number }>(
  'test_authorisation_count',
  'MATCH (:Project {id: $projectId})<-[:ON_PROJECT]-(a:ImporterAuthorisation)-[:AUTHORISES]->(:Importer {id: $importerId}) RETURN count(a) AS n',
);

function refused(
  t: Test,
  response: { errors?: { message: string; extensions?: Record<string, any> }[]; data: unknown },
  code: string,
  what: string,
) {
  t.equal(response.errors?.[0]?.extensions?.code, code, `${what}: ${code} (${response.errors?.[0]?.message})`);
  t.equal(response.data, null, `${what}: no data`);
}

t.test(
  'a buyer authorises an importer; withdrawn, the importer may no longer deliver, and its past deliveries stay',
  async (t) => {
    const [before] = await app.graph.read(footprint, { ids: [id.X, id.I] });
    const unauthorised = await gql(app, DELIVER, deliveryInput(id.I), token.I);
    refused(t, unauthorised, 'FORBIDDEN', 'an importer the buyer has not authorised');
    t.equal(unauthorised.errors?.[0]?.extensions?.rule, 'importer_authorised_for_project', 'the error names the rule');
    t.match(
      unauthorised.errors?.[0]?.message,
      /not authorised to deliver to project .*authoriseImporter/,
      'the message says what is missing',
    );
    refused(
      t,
      await gql(app, DELIVER, deliveryInput(id.I), token.admin),
      'FORBIDDEN',
      'ADMIN recording it for an unauthorised importer',
    );
    t.same((await app.graph.read(footprint, { ids: [id.X, id.I] }))[0], before, 'nothing was written');
    t.equal(
      (await gql(app, AUTHORISED, { id: id.X }, token.I)).data!.project,
      null,
      'the importer does not see the project yet',
    );

    const granted = (await ok(app, AUTHORISE, { projectId: id.X, importerId: id.I }, token.buyerX)).authoriseImporter;
    t.same(granted, {
      id: granted.id,
      project: { id: id.X },
      importer: { id: id.I },
      authorisedOn: today,
      authorisedBy: 'BUYER',
      withdrawnOn: null,
    });
    const again = (await ok(app, AUTHORISE, { projectId: id.X, importerId: id.I }, token.buyerX)).authoriseImporter;
    t.same(again, granted, 'authorising again changes nothing');
    t.equal(await auditActions(tc.id('X-buyer'), 'authoriseImporter'), 1, 'one audit entry: the repeat was no change');
    t.equal(
      (await app.graph.read(authorisationCount, { projectId: id.X, importerId: id.I }))[0]!.n,
      1,
      'one authorisation',
    );

    const listed = [{ importer: { id: id.I }, authorisedBy: 'BUYER' }];
    t.same(
      (await ok(app, AUTHORISED, { id: id.X }, token.buyerX)).project.authorisedImporters,
      listed,
      'the buyer sees who may deliver',
    );
    t.same(
      (await ok(app, AUTHORISED, { id: id.X }, token.analyst)).project.authorisedImporters,
      listed,
      'ANALYST sees it',
    );
    t.same((await ok(app, AUTHORISED, { id: id.X }, token.admin)).project.authorisedImporters, listed, 'ADMIN sees it');
    t.same(
      (await ok(app, AUTHORISED, { id: id.X }, token.I)).project.authorisedImporters,
      listed,
      'the importer sees the project and its own authorisation',
    );
    t.equal(
      (await ok(app, AUTHORISED, { id: id.X }, token.K)).project,
      null,
      'an unrelated member does not see the project',
    );
    t.equal(
      (await ok(app, AUTHORISED, { id: id.X }, token.buyerY)).project,
      null,
      'another buyer does not see the project',
    );

    const delivered = (await ok(app, DELIVER, deliveryInput(id.I), token.I)).recordDelivery;
    t.same(await shares(token.buyerX), { traced: 1, [id.Q1]: 1 }, 'the delivery traces');

    const withdrawn = (await ok(app, WITHDRAW, { projectId: id.X, importerId: id.I }, token.buyerX))
      .withdrawImporterAuthorisation;
    t.equal(withdrawn.withdrawnOn, today, 'withdrawn today');
    t.same(
      (await ok(app, WITHDRAW, { projectId: id.X, importerId: id.I }, token.buyerX)).withdrawImporterAuthorisation,
      withdrawn,
      'withdrawing again changes nothing',
    );
    t.equal(
      await auditActions(tc.id('X-buyer'), 'withdrawImporterAuthorisation'),
      1,
      'one audit entry for the withdrawal',
    );
    t.same((await ok(app, AUTHORISED, { id: id.X }, token.buyerX)).project.authorisedImporters, [], 'no longer listed');

    const [beforeRefusal] = await app.graph.read(footprint, { ids: [id.X, id.I, delivered.id] });
    refused(
      t,
      await gql(app, DELIVER, deliveryInput(id.I, { massTonnes: 3 }), token.I),
      'FORBIDDEN',
      'a delivery after the withdrawal',
    );
    t.same(
      (await app.graph.read(footprint, { ids: [id.X, id.I, delivered.id] }))[0],
      beforeRefusal,
      'the refused delivery wrote nothing',
    );
    t.same(
      (await deliveriesOfX()).map((d) => d.id),
      [delivered.id],
      'the past delivery stays',
    );
    t.same(await shares(token.buyerX), { traced: 1, [id.Q1]: 1 }, 'and still traces');

    const renewed = (await ok(app, AUTHORISE, { projectId: id.X, importerId: id.I }, token.admin)).authoriseImporter;
    t.same([renewed.authorisedBy, renewed.withdrawnOn], ['ADMIN', null], 'ADMIN may authorise it again');
    await ok(app, DELIVER, deliveryInput(id.I, { massTonnes: 3 }), token.I);
    t.equal((await deliveriesOfX()).length, 2, 'and the importer delivers again');
    const history = await auditOf(granted.id);
    t.same(
      history.map((e) => [e.action, e.actorRole]),
      [
        ['authoriseImporter', 'ADMIN'],
        ['withdrawImporterAuthorisation', 'BUYER'],
        ['authoriseImporter', 'BUYER'],
      ],
      "the authorisation's history",
    );
    t.same(
      [history[0]!.before, history[2]!.before],
      [history[1]!.after, null],
      'each entry with the record before and after',
    );
    t.ok(JSON.parse(history[1]!.after).withdrawnAt, 'the withdrawal is in the record');
  },
);

t.test('only the buyer of the project, or ADMIN, may authorise; to others the project does not exist', async (t) => {
  const notFound = (response: Awaited<ReturnType<typeof gql>>, projectId: string) => ({
    code: response.errors?.[0]?.extensions?.code,
    message: response.errors?.[0]?.message.split(projectId).join('<id>'),
  });
  const unknown = 'a-project-that-does-not-exist';
  const theirs = await gql(app, AUTHORISE, { projectId: id.X, importerId: id.J }, token.buyerY);
  const none = await gql(app, AUTHORISE, { projectId: unknown, importerId: id.J }, token.buyerY);
  refused(t, theirs, 'NOT_FOUND', 'another buyer');
  t.same(notFound(theirs, id.X), notFound(none, unknown), 'another buyer: the same answer as for an unknown project');
  refused(
    t,
    await gql(app, WITHDRAW, { projectId: id.X, importerId: id.J }, token.buyerY),
    'NOT_FOUND',
    'another buyer withdrawing',
  );
  refused(
    t,
    await gql(app, AUTHORISE, { projectId: id.X, importerId: id.J }, token.J),
    'FORBIDDEN',
    'an importer authorising itself',
  );
  refused(
    t,
    await gql(app, AUTHORISE, { projectId: id.X, importerId: id.J }, token.K),
    'FORBIDDEN',
    'an unrelated member',
  );
  refused(t, await gql(app, AUTHORISE, { projectId: id.X, importerId: id.J }, token.analyst), 'FORBIDDEN', 'ANALYST');
  refused(t, await gql(app, AUTHORISE, { projectId: id.X, importerId: id.J }), 'UNAUTHENTICATED', 'anonymous');
  refused(
    t,
    await gql(app, WITHDRAW, { projectId: id.X, importerId: id.J }),
    'UNAUTHENTICATED',
    'anonymous withdrawing',
  );
  refused(
    t,
    await gql(app, AUTHORISE, { projectId: id.X, importerId: id.Q2 }, token.buyerX),
    'NOT_FOUND',
    'a quarry is no importer',
  );
  refused(
    t,
    await gql(app, WITHDRAW, { projectId: id.X, importerId: id.K }, token.buyerX),
    'NOT_FOUND',
    'withdrawing what was never given',
  );
  t.equal(
    (await app.graph.read(authorisationCount, { projectId: id.X, importerId: id.J }))[0]!.n,
    0,
    'no refused call authorised anything',
  );

  // An importer cannot tell a project it may not deliver to from one that does not exist.
  const existing = await gql(app, DELIVER, deliveryInput(id.J), token.J);
  const missing = await gql(app, DELIVER, { input: { ...deliveryInput(id.J).input, projectId: unknown } }, token.J);
  refused(t, missing, 'FORBIDDEN', 'delivering to an unknown project');
  t.same(
    notFound(existing, id.X),
    notFound(missing, unknown),
    'the same refusal for an existing and an unknown project',
  );
  refused(
    t,
    await gql(app, DELIVER, { input: { ...deliveryInput(id.J).input, projectId: unknown } }, token.admin),
    'NOT_FOUND',
    'ADMIN: an unknown project',
  );
});

t.test('10 concurrent authorisations of one importer give one authorisation and one audit entry', async (t) => {
  const results = await Promise.all(
    Array.from({ length: 10 }, () => gql(app, AUTHORISE, { projectId: id.Y, importerId: id.K }, token.buyerY)),
  );
  t.same(
    results.flatMap((r) => r.errors ?? []),
    [],
    'no request failed',
  );
  t.equal(
    (await app.graph.read(authorisationCount, { projectId: id.Y, importerId: id.K }))[0]!.n,
    1,
    'one authorisation',
  );
  t.equal(await auditActions(tc.id('Y-buyer'), 'authoriseImporter'), 1, 'one audit entry');
});

t.test('a delivery waits for a withdrawal of its authorisation in progress, then is refused', async (t) => {
  await ok(app, AUTHORISE, { projectId: id.Y, importerId: id.J }, token.buyerY);
  let delivery: Promise<GraphqlResponse> | undefined;
  await app.graph.writeTransaction(async (tx) => {
    await tx.run(withdrawAuthorisation, { key: authorisationKey(id.Y, id.J) });
    delivery = gql(app, DELIVER, { input: { ...deliveryInput(id.J).input, projectId: id.Y } }, token.J);
    // Reading the authorisation without locking it, the delivery would see it still current and commit now.
    const first = await Promise.race([delivery.then(() => 'answered'), sleep(1000).then(() => 'still waiting')]);
    t.equal(first, 'still waiting', 'the delivery waits while the withdrawal is uncommitted');
  });
  refused(t, await delivery!, 'FORBIDDEN', 'once the withdrawal commits, the delivery');
});

t.test(
  'the importer and the buyer correct and cancel deliveries, audited; traces and due diligence follow',
  async (t) => {
    const project = tc.id('X');
    await ok(app, AUTHORISE, { projectId: project, importerId: id.J }, token.buyerX);
    t.same(
      (await ok(app, AUTHORISED, { id: project }, token.J)).project.authorisedImporters,
      [{ importer: { id: id.J }, authorisedBy: 'BUYER' }],
      'an importer sees its own authorisation, not the other importers of the project',
    );
    const fromJ = (await ok(app, DELIVER, deliveryInput(id.J, { massTonnes: 30, quantity: 30 }), token.J))
      .recordDelivery.id as string;
    const fromI = (
      await ok(app, DELIVER, deliveryInput(id.I, { massTonnes: 17, quantity: 17, deliveredOn: '2025-07-01' }), token.I)
    ).recordDelivery.id as string;
    const massOfI = (await deliveriesOfX()).filter((d) => d.id !== fromJ).reduce((sum, d) => sum + d.massTonnes, 0);
    t.equal(massOfI, 30, "I's three deliveries weigh as much as J's");
    t.same(await shares(token.buyerX), { traced: 1, [id.Q1]: 0.5, [id.Q2]: 0.5 });

    // The importer corrects its own delivery.
    const corrected = (await ok(app, CORRECT, { id: fromJ, input: { massTonnes: 10, unit: 'M2' } }, token.J))
      .correctDelivery;
    t.same(
      [corrected.massTonnes, corrected.unit, corrected.quantity, corrected.stoneType],
      [10, 'M2', 30, 'GRANITE'],
      'only the given fields change',
    );
    t.same(
      await shares(token.buyerX),
      { traced: 1, [id.Q1]: 0.75, [id.Q2]: 0.25 },
      'the trace follows the corrected mass',
    );
    const [correction] = await auditOf(fromJ);
    t.same(
      [correction!.action, correction!.actorRole, correction!.actorOrganisationId],
      ['correctDelivery', 'MEMBER', id.J],
    );
    t.same(
      [JSON.parse(correction!.before!).massTonnes, JSON.parse(correction!.after).massTonnes],
      [30, 10],
      'the audit keeps before and after',
    );
    t.same(
      (await ok(app, CORRECT, { id: fromJ, input: { massTonnes: 10 } }, token.J)).correctDelivery,
      corrected,
      'a correction that changes nothing',
    );
    t.equal((await auditOf(fromJ)).length, 2, 'leaves no entry');

    // The buyer corrects the stone type: marble is not what I's granite chain supplies.
    await ok(app, CORRECT, { id: fromJ, input: { stoneType: 'MARBLE' } }, token.buyerX);
    t.same(
      await shares(token.buyerX),
      { traced: 0.75, [id.Q1]: 0.75 },
      'marble does not trace through the granite link: a gap',
    );

    // Others may not: what they may not see is NOT_FOUND, other roles are FORBIDDEN.
    refused(
      t,
      await gql(app, CORRECT, { id: fromJ, input: { massTonnes: 1 } }, token.I),
      'NOT_FOUND',
      "another importer's delivery",
    );
    refused(t, await gql(app, CANCEL, { id: fromJ, reason: 'x' }, token.K), 'NOT_FOUND', 'an unrelated member');
    refused(t, await gql(app, CANCEL, { id: fromJ, reason: 'x' }, token.buyerY), 'NOT_FOUND', 'another buyer');
    refused(t, await gql(app, CANCEL, { id: fromJ, reason: 'x' }, token.analyst), 'FORBIDDEN', 'ANALYST');
    refused(t, await gql(app, CANCEL, { id: fromJ, reason: 'x' }), 'UNAUTHENTICATED', 'anonymous');

    const report = async () => {
      const response = await app.inject({
        url: `/projects/${project}/report`,
        headers: { authorization: `Bearer ${token.buyerX}` },
      });
      t.equal(response.statusCode, 200);
      return response.body;
    };
    t.match(await report(), /<td>Marble<\/td>/, 'the report shows the marble gap');

    // The buyer cancels J's delivery: it counts nowhere any more, and the audit keeps it.
    const cancelled = (await ok(app, CANCEL, { id: fromJ, reason: 'delivered to the wrong site' }, token.buyerX))
      .cancelDelivery;
    t.same([cancelled.cancelledOn, cancelled.cancellationReason], [today, 'delivered to the wrong site']);
    t.notOk(
      (await deliveriesOfX()).some((d) => d.id === fromJ),
      'no longer listed',
    );
    t.same(await shares(token.buyerX), { traced: 1, [id.Q1]: 1 }, 'the trace no longer counts it');
    const diligence = await ok(
      app,
      'query($id: ID!) { dueDiligence(projectId: $id) { origins { tracedShare countries { country share } } } }',
      { id: project },
      token.buyerX,
    );
    t.same(
      diligence.dueDiligence.origins,
      { tracedShare: 1, countries: [{ country: 'PT', share: 1 }] },
      'nor does due diligence',
    );
    const reported = await report();
    t.match(reported, 'Evora', "the report shows I's origin");
    t.notMatch(reported, /<td>Marble<\/td>/, 'and not the cancelled delivery');
    const [cancellation] = await auditOf(fromJ);
    t.same([cancellation!.action, cancellation!.actorRole], ['cancelDelivery', 'BUYER']);
    t.equal(JSON.parse(cancellation!.before!).cancelledAt, undefined);
    t.equal(
      JSON.parse(cancellation!.after).cancellationReason,
      'delivered to the wrong site',
      'the audit keeps before and after',
    );
    t.same(
      (await ok(app, CANCEL, { id: fromJ, reason: 'again' }, token.J)).cancelDelivery,
      cancelled,
      'cancelling again changes nothing',
    );
    t.equal((await auditOf(fromJ)).length, 4, 'and leaves no entry');
    const late = await gql(app, CORRECT, { id: fromJ, input: { massTonnes: 5 } }, token.buyerX);
    refused(t, late, 'BAD_USER_INPUT', 'correcting a cancelled delivery');
    t.same([late.errors?.[0]?.extensions?.field, late.errors?.[0]?.extensions?.rule], ['id', 'delivery_not_cancelled']);
    refused(
      t,
      await gql(
        app,
        'mutation($id: ID!, $holder: ID!) { registerCertificate(input: { scheme: XERTIFIX, holderId: $holder, deliveryId: $id, validFrom: "2025-01-01", validTo: "2026-01-01", themes: [CHILD_LABOUR], reference: "r" }) { id } }',
        { id: fromJ, holder: id.J },
        token.admin,
      ),
      'NOT_FOUND',
      'a cancelled delivery takes no certificate',
    );

    // The importer cancels its own delivery; once withdrawn, it may no longer change them.
    const ofI = (await ok(app, CANCEL, { id: fromI, reason: 'duplicate delivery note' }, token.I)).cancelDelivery;
    t.equal(ofI.cancelledOn, today, 'the importer cancels its own delivery');
    t.equal((await auditOf(fromI))[0]!.actorRole, 'MEMBER');
    const remaining = (await deliveriesOfX())[0]!.id;
    await ok(app, WITHDRAW, { projectId: project, importerId: id.I }, token.buyerX);
    const afterWithdrawal = await gql(app, CORRECT, { id: remaining, input: { massTonnes: 1 } }, token.I);
    refused(t, afterWithdrawal, 'FORBIDDEN', 'a withdrawn importer correcting');
    t.match(afterWithdrawal.errors?.[0]?.message, /no longer authorised/);
    t.ok(
      (await ok(app, CORRECT, { id: remaining, input: { massTonnes: 2 } }, token.buyerX)).correctDelivery,
      'the buyer still may',
    );
    await ok(app, AUTHORISE, { projectId: project, importerId: id.I }, token.buyerX);
  },
);

t.test('a delivery retried with its idempotency key after a cancellation returns the cancelled delivery', async (t) => {
  const KEYED = `mutation($input: DeliveryInput!) { recordDelivery(input: $input, idempotencyKey: "note-77") { id cancelledOn } }`;
  const first = (await ok(app, KEYED, deliveryInput(id.I, { deliveredOn: '2025-09-01' }), token.I)).recordDelivery;
  await ok(app, CANCEL, { id: first.id, reason: 'wrong lorry' }, token.I);
  const retried = (await ok(app, KEYED, deliveryInput(id.I, { deliveredOn: '2025-09-01' }), token.I)).recordDelivery;
  t.same(retried, { id: first.id, cancelledOn: today }, 'the same delivery, cancelled; no new one');
});

t.test('bad input names the field and the rule and changes nothing', async (t) => {
  const delivery = (await ok(app, DELIVER, deliveryInput(id.I, { deliveredOn: '2025-08-01' }), token.I)).recordDelivery
    .id as string;
  const cases: [string, string, Record<string, unknown>, string, string][] = [
    ['nothing to correct', CORRECT, { id: delivery, input: {} }, 'input', 'correction_not_empty'],
    ['only nulls', CORRECT, { id: delivery, input: { massTonnes: null } }, 'input', 'correction_not_empty'],
    ['zero mass', CORRECT, { id: delivery, input: { massTonnes: 0 } }, 'input.massTonnes', 'too_small'],
    ['negative quantity', CORRECT, { id: delivery, input: { quantity: -1 } }, 'input.quantity', 'too_small'],
    ['blank reason', CANCEL, { id: delivery, reason: '   ' }, 'reason', 'too_small'],
    ['reason too long', CANCEL, { id: delivery, reason: 'x'.repeat(501) }, 'reason', 'too_big'],
    ['blank project id', AUTHORISE, { projectId: ' ', importerId: id.I }, 'projectId', 'too_small'],
    ['blank importer id', WITHDRAW, { projectId: id.X, importerId: '' }, 'importerId', 'too_small'],
  ];
  const ids = [delivery, id.X, id.I];
  const [before] = await app.graph.read(footprint, { ids });
  for (const [what, query, variables, field, rule] of cases) {
    const response = await gql(app, query, variables, token.buyerX);
    refused(t, response, 'BAD_USER_INPUT', what);
    t.same(
      [response.errors?.[0]?.extensions?.field, response.errors?.[0]?.extensions?.rule],
      [field, rule],
      `${what}: names ${field} and ${rule}`,
    );
  }
  t.same((await app.graph.read(footprint, { ids }))[0], before, 'the records and everything around them are as before');
});
