import t from 'tap';
import { newToken, secretMatches } from '../../../src/auth/tokens.js';
import { seedId, type Dataset } from '../../../src/seed/dataset.js';
import {
  apiKeyRows,
  authorisationRows,
  certificateRows,
  projectRows,
  riskAssessmentRows,
  supplyLinkRows,
} from '../../../src/seed/rows.js';

type Entry<Kind extends keyof Dataset> = NonNullable<Dataset[Kind]>[number];

// The sample data refers to records by readable keys; the load writes ids. These are the rules that
// turn one into the other, checked on small data sets without a database.

t.test('a key a record refers to becomes the id of the record it names', async (t) => {
  t.same(
    projectRows([{ key: 'plaza', name: 'Plaza', kind: 'PLAZA', city: 'Gent', country: 'BE', buyer: 'city-of-gent' }]),
    [
      {
        id: seedId('plaza'),
        buyerId: seedId('city-of-gent'),
        name: 'Plaza',
        kind: 'PLAZA',
        city: 'Gent',
        country: 'BE',
      },
    ],
  );
  const [link] = supplyLinkRows([
    {
      key: 'l',
      supplier: 'q',
      customer: 'p',
      stoneType: 'GRANITE',
      validFrom: '2024-01-01',
      validTo: null,
      annualVolumeTonnes: null,
    },
  ]);
  t.match(link, { id: seedId('l'), supplierId: seedId('q'), customerId: seedId('p') });
});

t.test('an importer is authorised once for each project it delivers to, however many deliveries', async (t) => {
  const delivery = (key: string, project: string, importer: string): Entry<'deliveries'> => ({
    key,
    project,
    importer,
    stoneType: 'GRANITE',
    quantity: 1,
    unit: 'T',
    massTonnes: 1,
    deliveredOn: '2024-01-01',
  });
  const rows = authorisationRows([
    delivery('d1', 'p1', 'i1'),
    delivery('d2', 'p1', 'i1'),
    delivery('d3', 'p1', 'i2'),
    delivery('d4', 'p2', 'i1'),
  ]);
  t.same(
    rows.map((row) => [row.projectId, row.importerId, row.key]),
    [
      [seedId('p1'), seedId('i1'), `${seedId('p1')}|${seedId('i1')}`],
      [seedId('p1'), seedId('i2'), `${seedId('p1')}|${seedId('i2')}`],
      [seedId('p2'), seedId('i1'), `${seedId('p2')}|${seedId('i1')}`],
    ],
  );
  t.equal(
    rows[0]!.id,
    authorisationRows([delivery('d9', 'p1', 'i1')])[0]!.id,
    'the same pair has the same id in every load',
  );
});

t.test(
  "baseline assessments are the secretariat's, of a quarry area when they name one, else of a country",
  async (t) => {
    const assessment = (key: string, region: string | null): Entry<'riskAssessments'> => ({
      key,
      theme: 'CHILD_LABOUR',
      severity: 'HIGH',
      likelihood: 'MEDIUM',
      description: '',
      source: 'report',
      assessedOn: '2024-03-01',
      country: 'IN',
      region,
    });
    const rows = riskAssessmentRows([assessment('a', null), assessment('b', 'Khammam')]);
    t.same(
      rows.map((row) => row.targetKind),
      ['COUNTRY', 'QUARRY_AREA'],
    );
    t.match(rows[0], {
      assessedByRole: 'ADMIN',
      assessedByOrgId: null,
      siteId: null,
      linkId: null,
      recordedAt: '2024-03-01T00:00:00Z',
    });
  },
);

t.test("a certificate's scope is the most specific target it names", async (t) => {
  const certificate = (
    key: string,
    target: { site?: string; link?: string; delivery?: string },
  ): Entry<'certificates'> => ({
    key,
    scheme: 'FAIR_STONE',
    holder: 'h',
    site: null,
    link: null,
    delivery: null,
    ...target,
    validFrom: '2024-01-01',
    validTo: '2026-01-01',
    themes: ['CHILD_LABOUR'],
    reference: 'r',
  });
  const rows = certificateRows([
    certificate('c1', { site: 's' }),
    certificate('c2', { link: 'l' }),
    certificate('c3', { delivery: 'd', link: 'l' }),
  ]);
  t.same(
    rows.map((row) => [row.scope, row.siteId, row.linkId, row.deliveryId]),
    [
      ['SITE', seedId('s'), null, null],
      ['LINK', null, seedId('l'), null],
      ['DELIVERY', null, seedId('l'), seedId('d')],
    ],
  );
});

t.test('a sample key is stored under its id with a hash of its secret, never the token', async (t) => {
  const { token, keyId } = newToken();
  const [row] = apiKeyRows([{ key: 'k', role: 'MEMBER', organisation: 'acme', note: 'sample', token }]);
  t.equal(row!.id, keyId);
  t.equal(row!.orgId, seedId('acme'));
  t.ok(secretMatches(token.split('.')[1]!, row!.secretHash), "the token's secret matches the stored hash");
  t.notOk(JSON.stringify(row).includes(token.split('.')[1]!), 'the secret itself is not in the row');
  t.equal(apiKeyRows([{ key: 'k', role: 'ADMIN', organisation: null, note: '', token }])[0]!.orgId, null);
});
