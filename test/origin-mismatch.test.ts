import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { gql, issueToken, testApp } from './helpers/app.js';
import { ChainBuilder } from './helpers/chain.js';

const RECORD = `mutation($input: DeliveryInput!) {
  recordDelivery(input: $input) { id declaredOriginCountry declaredOriginArea }
}`;

const DUE_DILIGENCE = `query($id: ID!) { dueDiligence(projectId: $id) {
  originMismatches {
    delivery { id } declaredCountry declaredArea share untracedShare
    tracedCountries { country share } tracedAreas { country region share }
  }
  risks { theme highestResidualLevel share locations { delivery { id } node { id } } }
} }`;

const bluestone = { stoneType: 'BLUESTONE' } as const;

/**
 * Belgian and Vietnamese bluestone quarries; importer Mixed buys from both (declared volumes 1:1),
 * Vietnam only from Vietnam through a factory, Belgium only from Belgium, Partly from Belgium and
 * from a trader with no declared supplier (a gap).
 */
async function bluestoneChain(app: FastifyInstance): Promise<ChainBuilder> {
  const chain = new ChainBuilder();
  chain
    .quarry('Soignies', { country: 'BE', region: 'Hainaut', stoneTypes: ['BLUESTONE'] })
    .quarry('DongSon', { country: 'VN', region: 'Thanh Hoa', stoneTypes: ['BLUESTONE'] })
    .processor('Factory', 'VN')
    .processor('Trader', 'NL')
    .link('DongSon', 'Factory', { ...bluestone, volume: 3000 });
  for (const importer of ['Mixed', 'Vietnam', 'Belgium', 'Partly']) chain.importer(importer);
  chain
    .link('Factory', 'Mixed', { ...bluestone, volume: 500 })
    .link('Soignies', 'Mixed', { ...bluestone, volume: 500 })
    .link('Factory', 'Vietnam', bluestone)
    .link('Soignies', 'Belgium', bluestone)
    .link('Soignies', 'Partly', bluestone)
    .link('Trader', 'Partly', bluestone);
  // Each project gets one authorising delivery per importer from the builder (undeclared); the test records the declared ones.
  chain.project('Quay').project('Square');
  for (const importer of ['Mixed', 'Belgium']) chain.delivery('Quay', importer, { ...bluestone, massTonnes: 1 });
  for (const importer of ['Vietnam', 'Partly']) chain.delivery('Square', importer, { ...bluestone, massTonnes: 1 });
  return chain.save(app.graph);
}

const deliveryInput = (chain: ChainBuilder, project: string, importer: string, fields: Record<string, unknown>) => ({
  projectId: chain.id(project),
  importerId: chain.id(importer),
  stoneType: 'BLUESTONE',
  quantity: 10,
  unit: 'T',
  massTonnes: 10,
  deliveredOn: '2025-06-01',
  ...fields,
});

t.test('recordDelivery keeps a declared origin, spelt as the known quarry area where it names one', async (t) => {
  const app = await testApp(t);
  const admin = await issueToken(app, 'ADMIN');
  const chain = await bluestoneChain(app);

  const known = await gql(
    app,
    RECORD,
    {
      input: deliveryInput(chain, 'Quay', 'Belgium', { declaredOriginCountry: 'be', declaredOriginArea: ' HAINAUT ' }),
    },
    admin,
  );
  t.equal(known.errors, undefined);
  t.match(known.data!.recordDelivery, { declaredOriginCountry: 'BE', declaredOriginArea: 'Hainaut' });

  const vietnamese = await gql(
    app,
    RECORD,
    {
      input: deliveryInput(chain, 'Square', 'Vietnam', {
        declaredOriginCountry: 'VN',
        declaredOriginArea: 'thanh hóa',
      }),
    },
    admin,
  );
  t.equal(vietnamese.data!.recordDelivery.declaredOriginArea, 'Thanh Hoa', 'diacritics and case ignored');

  const unknown = await gql(
    app,
    RECORD,
    { input: deliveryInput(chain, 'Quay', 'Belgium', { declaredOriginCountry: 'BE', declaredOriginArea: 'Ardennes' }) },
    admin,
  );
  t.equal(
    unknown.data!.recordDelivery.declaredOriginArea,
    'Ardennes',
    'an area the registry does not know, as written',
  );

  const undeclared = await gql(app, RECORD, { input: deliveryInput(chain, 'Quay', 'Belgium', {}) }, admin);
  t.match(undeclared.data!.recordDelivery, { declaredOriginCountry: null, declaredOriginArea: null });

  const badCountry = await gql(
    app,
    RECORD,
    { input: deliveryInput(chain, 'Quay', 'Belgium', { declaredOriginCountry: 'XX' }) },
    admin,
  );
  t.equal(badCountry.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
  t.equal(badCountry.errors?.[0]?.extensions?.rule, 'iso_3166_alpha2');
  const areaAlone = await gql(
    app,
    RECORD,
    { input: deliveryInput(chain, 'Quay', 'Belgium', { declaredOriginArea: 'Hainaut' }) },
    admin,
  );
  t.equal(areaAlone.errors?.[0]?.extensions?.rule, 'declared_area_needs_country');
});

t.test('a partial and a full origin mismatch, and none where the trace agrees', async (t) => {
  const app = await testApp(t);
  const admin = await issueToken(app, 'ADMIN');
  const chain = await bluestoneChain(app);
  const record = async (project: string, importer: string, fields: Record<string, unknown>) =>
    (await gql(app, RECORD, { input: deliveryInput(chain, project, importer, fields) }, admin)).data!.recordDelivery
      .id as string;

  // Quay: 30 t declared Belgian, half of it traced to Vietnam; 10 t declared Belgian (Hainaut), all from Hainaut.
  const mixed = await record('Quay', 'Mixed', { massTonnes: 30, declaredOriginCountry: 'BE' });
  await record('Quay', 'Belgium', { massTonnes: 8, declaredOriginCountry: 'BE', declaredOriginArea: 'Hainaut' });
  const quay = (await gql(app, DUE_DILIGENCE, { id: chain.id('Quay') }, admin)).data!.dueDiligence;
  t.same(quay.originMismatches, [
    {
      delivery: { id: mixed },
      declaredCountry: 'BE',
      declaredArea: null,
      share: 0.5,
      untracedShare: 0,
      tracedCountries: [
        { country: 'BE', share: 0.5 },
        { country: 'VN', share: 0.5 },
      ],
      tracedAreas: [
        { country: 'BE', region: 'Hainaut', share: 0.5 },
        { country: 'VN', region: 'Thanh Hoa', share: 0.5 },
      ],
    },
  ]);
  const unknownOrigin = quay.risks.find((r: { theme: string }) => r.theme === 'UNKNOWN_ORIGIN');
  // The builder's two undeclared 1 t deliveries and the matching 8 t one are not flagged: 30 of 40 t are.
  t.same(unknownOrigin, {
    theme: 'UNKNOWN_ORIGIN',
    highestResidualLevel: 'SEVERE',
    share: 0.75,
    locations: [{ delivery: { id: mixed }, node: null }],
  });

  // Square: declared Vietnamese but all from Hainaut (full); declared Belgian with half ending in a gap (none).
  const belgianAsVietnamese = await record('Square', 'Partly', {
    massTonnes: 10,
    declaredOriginCountry: 'VN',
    declaredOriginArea: 'Thanh Hoa',
  });
  const vietnameseAsBelgian = await record('Square', 'Vietnam', {
    massTonnes: 10,
    declaredOriginCountry: 'BE',
    declaredOriginArea: 'Hainaut',
  });
  const square = (await gql(app, DUE_DILIGENCE, { id: chain.id('Square') }, admin)).data!.dueDiligence;
  t.same(
    square.originMismatches.map((m: { delivery: { id: string }; share: number; untracedShare: number }) => [
      m.delivery.id,
      m.share,
      m.untracedShare,
    ]),
    [
      [vietnameseAsBelgian, 1, 0],
      [belgianAsVietnamese, 0.5, 0.5],
    ],
    'a full mismatch first; untraced mass is not counted as elsewhere',
  );

  await record('Square', 'Partly', { massTonnes: 10, declaredOriginCountry: 'BE' });
  const agreeing = (await gql(app, DUE_DILIGENCE, { id: chain.id('Square') }, admin)).data!.dueDiligence;
  t.equal(agreeing.originMismatches.length, 2, 'Belgian stone declared Belgian, half untraced: no mismatch');
});

t.test('the project page and the printable report show the mismatch before the deliveries', async (t) => {
  const app = await testApp(t);
  const admin = await issueToken(app, 'ADMIN');
  const chain = await bluestoneChain(app);
  await gql(
    app,
    RECORD,
    {
      input: deliveryInput(chain, 'Square', 'Vietnam', { declaredOriginCountry: 'BE', declaredOriginArea: 'Hainaut' }),
    },
    admin,
  );
  for (const [path, heading] of [
    [`/projects/${chain.id('Square')}/report?lang=en`, 'Declared origin contradicted by the trace'],
    [`/projects/${chain.id('Square')}?lang=nl`, 'Opgegeven herkomst weersproken door de herleiding'],
  ] as const) {
    const html = (await app.inject({ url: path, headers: { authorization: `Bearer ${admin}` } })).body;
    const mismatch = html.indexOf(heading);
    t.ok(mismatch > 0, `${path} shows the mismatch`);
    t.ok(mismatch < html.indexOf('class="deliveries"'), `${path}: before the deliveries`);
    t.match(html.slice(mismatch), /Hainaut, (Belgium|België)/);
    t.match(html.slice(mismatch), /Thanh Hoa, (Vietnam)[^<]*: 100/);
  }
  const agreeing = (
    await app.inject({ url: `/projects/${chain.id('Quay')}/report`, headers: { authorization: `Bearer ${admin}` } })
  ).body;
  t.notMatch(agreeing, /class="origin-mismatches"/, 'no section where nothing is contradicted');
});
