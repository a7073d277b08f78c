import t from 'tap';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { cypher, cypherChannel, type CypherEvent } from '../src/db/graph.js';
import { fromRoot } from '../src/paths.js';
import { readFileSync } from 'node:fs';
import { seedId, readDataset } from '../src/seed/dataset.js';
import { loadDataset } from '../src/seed/load.js';
import { singleSupplierCsv } from './bench/importThroughput.js';
import { gql, issueToken, testApp, testConfig } from './helpers/app.js';
import { ChainBuilder } from './helpers/chain.js';

const HEADER =
  'supplier_id,supplier_kind,supplier_name,supplier_country,supplier_region,supplier_city,stone_type,valid_from,valid_to,annual_volume_tonnes';

const upload = (app: FastifyInstance, token: string | null, csv: string, query = '') =>
  app.inject({
    method: 'POST',
    url: `/import/supply-links${query}`,
    headers: { 'content-type': 'text/csv', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    payload: csv,
  });

const linksOf = cypher<{ customerId: string }, { n: number }>(
  'test_links_of_customer',
  'MATCH (:ChainNode {id: $customerId})<-[:CUSTOMER]-(l:SupplyLink) RETURN count(l) AS n',
);

async function company(app: FastifyInstance) {
  const chain = await new ChainBuilder()
    .quarry('Known quarry', { stoneTypes: ['GRANITE', 'MARBLE'] })
    .importer('I')
    .processor('P')
    .link('P', 'I')
    .link('Known quarry', 'P')
    .save(app.graph);
  return { chain, member: await issueToken(app, 'MEMBER', chain.id('I')) };
}

t.test('a good file is imported in one go: links by id and by name, new quarries and processors created', async (t) => {
  const app = await testApp(t);
  const { chain, member } = await company(app);
  const csv = [
    HEADER,
    `${chain.id('Known quarry')},,,,,,granite,2025-01-01,,1200`,
    `,QUARRY,Nova Quarry,BR,Espirito Santo,,GRANITE,2025-01-01,2025-12-31,`,
    `,QUARRY,Nova Quarry,BR,Espirito Santo,,QUARTZITE,2025-01-01,,300`,
    `,PROCESSOR,Cachoeiro Cutting,BR,,Cachoeiro de Itapemirim,GRANITE,2025-02-01,,`,
    `${chain.id('Known quarry')},,,,,,GRANITE,2025-06-01,,`,
  ].join('\n');
  const response = await upload(app, member, csv);
  t.equal(response.statusCode, 200, response.body);
  t.same(response.json(), {
    rows: 5,
    linksCreated: 4,
    linksExisting: 1,
    quarriesCreated: 1,
    processorsCreated: 1,
    suppliersReused: [],
  });

  const again = await upload(app, member, csv);
  t.has(
    again.json(),
    {
      rows: 5,
      linksCreated: 0,
      linksExisting: 5,
      quarriesCreated: 0,
      processorsCreated: 0,
      // What the first import created, the second finds by name, and says so.
      suppliersReused: [
        { line: 3, name: 'Nova Quarry', registeredName: 'Nova Quarry' },
        { line: 5, name: 'Cachoeiro Cutting', registeredName: 'Cachoeiro Cutting' },
      ],
    },
    'importing twice changes nothing',
  );
  t.equal(again.json().suppliersReused.length, 2, 'each supplier named by name once');

  const { data } = await gql(
    app,
    `query($id: ID!) { supplyLinks(customerId: $id, first: 50) { totalCount nodes { stoneType supplier { __typename name } } } }`,
    { id: chain.id('I') },
    member,
  );
  t.equal(data!.supplyLinks.totalCount, 5, 'P plus the four imported links');
  const quarry = data!.supplyLinks.nodes.find((n: any) => n.supplier.name === 'Nova Quarry');
  t.equal(quarry.supplier.__typename, 'Quarry');
});

t.test('a 1,000-row file with one bad row writes nothing and names the row', async (t) => {
  const app = await testApp(t);
  const { chain, member } = await company(app);
  const lines = [HEADER];
  for (let i = 0; i < 1000; i++) {
    lines.push(
      i === 637
        ? `,QUARRY,Row ${i},NL,,,GRANITE,2025-13-01,,`
        : `,QUARRY,Row ${i},PT,Evora,,MARBLE,2025-01-01,,${10 + i}`,
    );
  }
  const before = await app.graph.read(linksOf, { customerId: chain.id('I') });
  const response = await upload(app, member, lines.join('\n'));
  t.equal(response.statusCode, 422);
  const body = response.json();
  t.equal(body.rows, 1000);
  t.same(
    body.rowErrors.map((e: any) => [e.line, e.field]),
    [
      [639, 'valid_from'],
      [639, 'supplier_region'],
    ],
    'line 639 of the file (header is line 1) and both of its problems',
  );
  t.same(await app.graph.read(linksOf, { customerId: chain.id('I') }), before, 'no link written');
  const named = await gql(
    app,
    `{ quarries(country: "PT", first: 100) { nodes { name } } }`,
    {},
    await issueToken(app, 'ANALYST'),
  );
  t.notOk(
    named.data!.quarries.nodes.some((q: any) => q.name === 'Row 0'),
    'no quarry created',
  );
});

t.test('every bad row is listed with its line and reason', async (t) => {
  const app = await testApp(t);
  const { chain, member } = await company(app);
  const csv = [
    HEADER,
    `,QUARRY,,BR,Bahia,,GRANITE,2025-01-01,,`,
    `,MINE,X,BR,Bahia,,GRANITE,2025-01-01,,`,
    `,PROCESSOR,Y,Brazil,,,GRANITE,2025-01-01,,`,
    `${chain.id('P')},,,,,,PEBBLES,2025-01-01,,`,
    `${chain.id('P')},,,,,,GRANITE,2025-05-01,2025-01-01,`,
    `${chain.id('P')},,,,,,GRANITE,2025-01-01,,-3`,
  ].join('\n');
  const response = await upload(app, member, csv);
  t.equal(response.statusCode, 422);
  t.same(
    response.json().rowErrors.map((e: any) => `${e.line}:${e.field}`),
    [
      '2:supplier_name',
      '3:supplier_kind',
      '4:supplier_country',
      '5:stone_type',
      '6:valid_to',
      '7:annual_volume_tonnes',
    ],
  );

  const unknownSupplier = await upload(
    app,
    member,
    `${HEADER}\nno-such-node,,,,,,GRANITE,2025-01-01,,\n${chain.id('Known quarry')},,,,,,SLATE,2025-01-01,,`,
  );
  t.same(
    unknownSupplier.json().rowErrors.map((e: any) => `${e.line}:${e.field}`),
    ['2:supplier_id', '3:stone_type'],
  );
});

t.test('who may import: MEMBER for itself, ADMIN naming the customer; others are refused', async (t) => {
  const app = await testApp(t);
  const { chain, member } = await company(app);
  const csv = `${HEADER}\n,PROCESSOR,Z,IT,,Carrara,MARBLE,2025-01-01,,`;
  for (const token of [null, 'stk_0000000000000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA']) {
    const refused = await upload(app, token, csv);
    t.equal(refused.statusCode, 401, token ? 'a wrong token' : 'no token');
    t.equal(refused.headers['www-authenticate'], 'Bearer realm="stonetrace"', 'with the challenge a 401 must carry');
  }
  t.equal((await upload(app, await issueToken(app, 'ANALYST'), csv)).statusCode, 403);
  t.equal(
    (
      await upload(
        app,
        await issueToken(app, 'BUYER', (await new ChainBuilder().project('B').save(app.graph)).id('B-buyer')),
        csv,
      )
    ).statusCode,
    403,
  );
  t.equal((await upload(app, member, csv, `?customerId=${seedId('someone-else')}`)).statusCode, 403);
  const admin = await issueToken(app, 'ADMIN');
  t.equal((await upload(app, admin, csv)).statusCode, 400, 'an ADMIN must name the customer');
  t.equal((await upload(app, admin, csv, `?customerId=${chain.id('I')}`)).statusCode, 200);
});

t.test('the sample CSV imports for the sample importer', async (t) => {
  const app = await testApp(t);
  await loadDataset(app.graph, readDataset());
  const token = readDataset().apiKeys!.find((k) => k.role === 'MEMBER')!.token;
  const response = await upload(app, token, readFileSync(fromRoot('seeds', 'sample-supply-links.csv'), 'utf8'));
  t.equal(response.statusCode, 200, response.body);
  t.equal(response.json().rows, 3);
});

t.test(
  'a semicolon-separated file, as Dutch and Flemish spreadsheets save it, is imported like a comma-separated one',
  async (t) => {
    const app = await testApp(t);
    const { chain, member } = await company(app);
    const csv = [
      HEADER.replaceAll(',', ';'),
      `${chain.id('Known quarry')};;;;;;MARBLE;2024-01-01;2024-12-31;"1250,5"`,
      `;PROCESSOR;Atelier Namen, Zuid;BE;;Namur;MARBLE;2024-01-01;;`,
    ].join('\r\n');
    const response = await upload(app, member, csv.replace('"1250,5"', '1250.5'));
    t.equal(response.statusCode, 200, response.body);
    t.same(response.json(), {
      rows: 2,
      linksCreated: 2,
      linksExisting: 0,
      quarriesCreated: 0,
      processorsCreated: 1,
      suppliersReused: [],
    });
    const { data } = await gql(
      app,
      `query($id: ID!) { supplyLinks(customerId: $id, first: 50) { nodes { annualVolumeTonnes supplier { name } } } }`,
      { id: chain.id('I') },
      member,
    );
    t.ok(
      data!.supplyLinks.nodes.some((n: any) => n.supplier.name === 'Atelier Namen, Zuid'),
      'a comma inside a field of a semicolon file is text',
    );
    t.ok(data!.supplyLinks.nodes.some((n: any) => n.annualVolumeTonnes === 1250.5));
  },
);

t.test('a file that is not UTF-8 is refused, naming the line and byte', async (t) => {
  const app = await testApp(t);
  const { chain, member } = await company(app);
  const before = await app.graph.read(linksOf, { customerId: chain.id('I') });
  const csv = Buffer.from(`${HEADER}\n,QUARRY,Pedreira S\xe3o Jo\xe3o,PT,Evora,,MARBLE,2025-01-01,,\n`, 'latin1');
  const response = await app.inject({
    method: 'POST',
    url: '/import/supply-links',
    headers: { 'content-type': 'text/csv', authorization: `Bearer ${member}` },
    payload: csv,
  });
  t.equal(response.statusCode, 422);
  t.equal(response.json().errorCount, 1);
  t.match(response.json().rowErrors[0], { line: 2, message: /not UTF-8: byte 0xE3 at line 2, byte 158 of the file/ });
  t.same(await app.graph.read(linksOf, { customerId: chain.id('I') }), before, 'nothing written');
});

t.test('100,000 bad rows: the answer lists the first 100 and counts them all', async (t) => {
  const app = await testApp(t);
  const { member } = await company(app);
  const bad = `${HEADER}\n${',QUARRY,X,PT,Evora,,GRANITE,2025-01-01,2024-01-01,\n'.repeat(100_000)}`;
  const response = await upload(app, member, bad);
  t.equal(response.statusCode, 422);
  const body = response.json();
  t.equal(body.errorCount, 100_000);
  t.equal(body.rowErrors.length, 100);
  t.match(body.error, /^100000 problem\(s\)/);
  t.equal(body.code, 'BAD_USER_INPUT');
  t.ok(response.body.length < 20_000, `a short answer (${response.body.length} bytes)`);
});

t.test('the byte limit holds for a streamed body, and a record longer than the limit is refused', async (t) => {
  const app = await buildApp(
    { ...testConfig(), csvImport: { maxBytes: 50_000, maxRows: 100_000, maxRecordChars: 1000 } },
    { logger: false },
  );
  t.teardown(() => app.close());
  await app.graphMigrated;
  const { chain, member } = await company(app);
  const rows = singleSupplierCsv(2_000, chain.id('Known quarry'));
  t.ok(rows.length > 50_000);
  const server = await listening(app);
  const streamed = await post(server, member, (request) => {
    // Chunked: no content-length announces the size, so only counting the bytes can catch it.
    for (let at = 0; at < rows.length; at += 4096) request.write(rows.slice(at, at + 4096));
    request.end();
  });
  t.equal(streamed.status, 413);
  t.match(JSON.parse(streamed.body), { error: /larger than 50000 bytes/, code: 'PAYLOAD_TOO_LARGE', maxBytes: 50_000 });

  const announced = await upload(app, member, rows);
  t.equal(announced.statusCode, 413, 'a content-length over the limit is refused before reading');
  t.same(
    await app.graph.read(linksOf, { customerId: chain.id('I') }),
    [{ n: 1 }],
    'only the link the chain was built with',
  );

  const long = await upload(app, member, `${HEADER}\n,PROCESSOR,${'x'.repeat(2000)},PT,,,MARBLE,2025-01-01,,`);
  t.equal(long.statusCode, 422);
  t.match(long.json().rowErrors, [{ line: 2, message: 'line 2 is longer than 1000 characters' }]);
});

t.test(
  "an existing quarry named by name is reused only if it yields the row's stone type, as registerSupplyLink demands",
  async (t) => {
    const app = await testApp(t);
    const { chain, member } = await company(app);
    const before = await app.graph.read(linksOf, { customerId: chain.id('I') });
    // "Known quarry" (GRANITE, MARBLE) is in the member's chain, so the name finds it.
    const response = await upload(
      app,
      member,
      `${HEADER}\n,QUARRY,Known quarry,PT,Evora,,GRANITE,2025-01-01,,\n,QUARRY,Known quarry,PT,Evora,,SLATE,2025-01-01,,`,
    );
    t.equal(response.statusCode, 422, response.body);
    t.same(response.json().rowErrors, [
      { line: 3, field: 'stone_type', message: 'quarry Known quarry does not yield SLATE' },
    ]);
    t.same(
      await app.graph.read(linksOf, { customerId: chain.id('I') }),
      before,
      'nothing written, not even the good row',
    );

    const self = `Works ${Date.now()}-${Math.random()}`;
    const works = await new ChainBuilder().processor(self, 'IT').save(app.graph);
    const admin = await issueToken(app, 'ADMIN');
    const itself = await upload(
      app,
      admin,
      `${HEADER}\n,PROCESSOR,${self},IT,,,GRANITE,2025-01-01,,`,
      `?customerId=${works.id(self)}`,
    );
    t.equal(itself.statusCode, 422, 'the processor found by its name is the customer itself');
    t.same(itself.json().rowErrors, [{ line: 2, field: 'supplier_id', message: 'a node cannot supply itself' }]);
  },
);

t.test(
  'a registerSupplyLink racing an import of the same supplier, customer and stone type makes no duplicate',
  async (t) => {
    const app = await testApp(t);
    const { chain, member } = await company(app);
    const quarry = chain.id('Known quarry');
    const [imported, registered] = await Promise.all([
      upload(app, member, singleSupplierCsv(3_000, quarry).replace(/,GRANITE,/g, ',MARBLE,')),
      gql(
        app,
        'mutation($input: SupplyLinkInput!) { registerSupplyLink(input: $input) { id validFrom } }',
        {
          input: {
            supplierId: quarry,
            customerId: chain.id('I'),
            stoneType: 'MARBLE',
            validFrom: '1700-01-01',
            validTo: '1700-01-01',
          },
        },
        member,
      ),
    ]);
    t.equal(imported.statusCode, 200, imported.body);
    t.equal(registered.errors, undefined);
    t.equal(imported.json().rows, 3_000);
    t.same(
      await app.graph.read(linksOf, { customerId: chain.id('I') }),
      [{ n: 3_001 }],
      'the link the chain was built with and one MARBLE link per day',
    );
  },
);

t.test('a client that disconnects cancels its import: nothing is written and the lock is free at once', async (t) => {
  const app = await testApp(t);
  const { chain, member } = await company(app);
  const quarry = chain.id('Known quarry');
  const csv = singleSupplierCsv(20_000, quarry);
  const server = await listening(app);

  // Cut off halfway through the upload, at a line end: the rows sent so far must not be imported.
  const half = csv.slice(0, csv.indexOf('\n', csv.length / 2) + 1);
  await post(server, member, (request) => {
    request.write(half, () => setTimeout(() => request.destroy(), 200));
  }).catch(() => undefined);

  // Cut off while the transaction writes: as soon as its first batch of links is sent to Neo4j.
  const writing = new Promise<void>((resolve) => {
    const listener = (event: unknown) => {
      if ((event as CypherEvent).name === 'supply_links_create') {
        unsubscribe(cypherChannel.name, listener);
        resolve();
      }
    };
    subscribe(cypherChannel.name, listener);
  });
  const disconnected = post(server, member, (request) => {
    request.end(csv);
    void writing.then(() => request.destroy());
  }).catch(() => 'disconnected');
  await writing;
  t.equal(await disconnected, 'disconnected');

  // The import held the lock of (quarry, I, GRANITE); a registration of that triple waits for it unless it is gone.
  const started = Date.now();
  const registered = await gql(
    app,
    'mutation($input: SupplyLinkInput!) { registerSupplyLink(input: $input) { validFrom validTo } }',
    {
      input: {
        supplierId: quarry,
        customerId: chain.id('I'),
        stoneType: 'GRANITE',
        validFrom: '1700-01-01',
        validTo: '1700-01-01',
      },
    },
    member,
  );
  t.equal(registered.errors, undefined);
  t.ok(Date.now() - started < 5_000, `the registration did not wait for the import (${Date.now() - started} ms)`);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  t.same(
    await app.graph.read(linksOf, { customerId: chain.id('I') }),
    [{ n: 2 }],
    'the link the chain was built with and the one just registered: none of the file',
  );
});

async function listening(app: FastifyInstance): Promise<AddressInfo> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app.server.address() as AddressInfo;
}

/** POSTs a CSV over a real connection; `send` writes the body (and may cut the connection). */
function post(
  server: AddressInfo,
  token: string,
  send: (request: ReturnType<typeof httpRequest>) => void,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: server.address,
        port: server.port,
        method: 'POST',
        path: '/import/supply-links',
        headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` },
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode!, body }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    send(request);
  });
}
