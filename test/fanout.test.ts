import t from 'tap';
import { gql, issueToken, testApp } from './helpers/app.js';
import { ChainBuilder } from './helpers/chain.js';

/*
 * A mesh of processors all linked to each other has more simple paths than any trace can walk.
 * Neo4j finds such a trace's links breadth first; the share walk refuses with a code the client can
 * act on; it never hangs.
 */

const PROCESSORS = 30;

t.test(
  'a trace over more paths than TRACE_MAX_PATHS is refused with TRACE_TOO_COMPLEX, in GraphQL and in the printable report',
  async (t) => {
    const chain = new ChainBuilder().importer('I').project('X').quarry('Q1').quarry('Q2').quarry('Q3');
    chain.link('Q1', 'I').link('Q2', 'I').link('Q3', 'I').delivery('X', 'I');
    const DUE_DILIGENCE = 'query($id: ID!) { dueDiligence(projectId: $id) { origins { tracedShare } } }';
    const TRACE = 'query($id: ID!) { trace(projectId: $id) { tracedShare } }';

    const strict = await testApp(t, { trace: { maxPaths: 2 } });
    await chain.save(strict.graph);
    const admin = await issueToken(strict, 'ADMIN');
    for (const query of [DUE_DILIGENCE, TRACE]) {
      const refused = await gql(strict, query, { id: chain.id('X') }, admin);
      t.equal(
        refused.errors?.[0]?.extensions?.code,
        'TRACE_TOO_COMPLEX',
        `three paths, two allowed: ${refused.errors?.[0]?.message}`,
      );
      t.equal(refused.errors?.[0]?.extensions?.limit, 2, 'the error names the limit');
    }
    const report = await strict.inject({
      method: 'GET',
      url: `/projects/${chain.id('X')}/report`,
      headers: { authorization: `Bearer ${admin}` },
    });
    t.equal(report.statusCode, 422, 'the printable report is refused as unprocessable, not as missing');
    t.equal(report.json().code, 'TRACE_TOO_COMPLEX');

    const enough = await testApp(t, { trace: { maxPaths: 3 } });
    const answered = await gql(enough, DUE_DILIGENCE, { id: chain.id('X') }, admin);
    t.equal(answered.data?.dueDiligence.origins.tracedShare, 1, 'with three allowed it answers');
  },
);

t.test(
  'a mesh of 30 processors linked to each other, 12 hops deep, is refused as too complex, never hangs',
  async (t) => {
    // A short transaction limit spares the shared database the full default on a traversal that cannot finish.
    const app = await testApp(t, { trace: { maxDepth: 12 }, capacity: { transactionTimeoutMs: 3_000 } });
    const chain = new ChainBuilder().importer('I').project('X');
    // The mesh stays in the database: dated 1990, before any year the public quarry-area list can be
    // asked for, so that list (which walks every company's chain) never walks it.
    const link = { stoneType: 'BLUESTONE', validFrom: '1990-01-01', validTo: '1990-12-31' } as const;
    for (let i = 0; i < PROCESSORS; i++) {
      chain.processor(`P${i}`, 'VN').quarry(`Q${i}`, { country: 'VN', region: 'Thanh Hoa', stoneTypes: ['BLUESTONE'] });
      chain.link(`Q${i}`, `P${i}`, link).link(`P${i}`, 'I', link);
      for (let j = 0; j < PROCESSORS; j++) if (j !== i) chain.link(`P${i}`, `P${j}`, link);
    }
    await chain.delivery('X', 'I', { stoneType: 'BLUESTONE', deliveredOn: '1990-06-01' }).save(app.graph);
    const admin = await issueToken(app, 'ADMIN');

    const started = Date.now();
    const response = await gql(
      app,
      'query($id: ID!) { dueDiligence(projectId: $id) { origins { tracedShare } risks { theme share } } }',
      { id: chain.id('X') },
      admin,
    );
    const elapsedMs = Date.now() - started;

    // Neo4j finds the mesh's links breadth first, well within the time limit; the share walk then
    // meets more paths than TRACE_MAX_PATHS allows and refuses.
    t.equal(response.errors?.[0]?.extensions?.code, 'TRACE_TOO_COMPLEX', `refused: ${response.errors?.[0]?.message}`);
    t.ok(elapsedMs < 30_000, `within 30 s (${elapsedMs} ms)`);
    t.equal(
      (await app.inject({ method: 'GET', url: '/healthz' })).statusCode,
      200,
      'and the instance still answers its health check',
    );
  },
);
