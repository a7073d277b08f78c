import t from 'tap';
import {
  assessRiskArgs,
  recordActionPlanArgs,
  registerCertificateArgs,
  riskAssessmentsArgs,
} from '../../../src/risk/validation.js';

/** Due-diligence input: every record has exactly one target, and its dates and themes make sense. */

const problems = (result: {
  error?: { issues: { path: PropertyKey[]; params?: Record<string, unknown>; code: string; message: string }[] };
}) =>
  (result.error?.issues ?? []).map((issue) => [issue.path.join('.'), issue.params?.rule ?? issue.code, issue.message]);

const assessment = {
  theme: 'CHILD_LABOUR',
  severity: 'HIGH',
  likelihood: 'LOW',
  description: 'd',
  source: 's',
  assessedOn: '2025-01-01',
};

t.test('an assessment is of a country, a quarry area, a site or a link, and the target says which', async (t) => {
  const target = (fields: Record<string, string>) =>
    assessRiskArgs.parse({ input: { ...assessment, ...fields } }).input.target;
  t.same(target({ country: 'fj' }), { kind: 'COUNTRY', country: 'FJ' });
  t.same(target({ country: 'FJ', region: 'Ba' }), { kind: 'QUARRY_AREA', country: 'FJ', region: 'Ba' });
  t.same(target({ siteId: 'q' }), { kind: 'SITE', siteId: 'q' });
  t.same(target({ linkId: 'l' }), { kind: 'LINK', linkId: 'l' });

  const refused = (fields: Record<string, string>) =>
    problems(assessRiskArgs.safeParse({ input: { ...assessment, ...fields } }));
  t.same(refused({}), [
    [
      'input.country',
      'exactly_one',
      'give exactly one of country, siteId, linkId (the target: country alone, country + region, a site or a link); got none',
    ],
  ]);
  t.same(refused({ siteId: 'q', linkId: 'l' }), [
    [
      'input.linkId',
      'exactly_one',
      'give exactly one of country, siteId, linkId (the target: country alone, country + region, a site or a link); got siteId and linkId',
    ],
  ]);
  t.same(
    refused({ region: 'Ba', siteId: 'q' }).map(([field, rule]) => [field, rule]),
    [['input.region', 'region_needs_country']],
  );
});

t.test('an assessment is not dated in the future', async (t) => {
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  t.same(problems(assessRiskArgs.safeParse({ input: { ...assessment, country: 'FJ', assessedOn: tomorrow } })), [
    ['input.assessedOn', 'not_in_future', 'must not be in the future'],
  ]);
});

t.test('plans and certificates name each theme once, and a certificate does not end before it starts', async (t) => {
  const plan = {
    companyId: 'c',
    themes: ['CHILD_LABOUR'],
    siteId: 'q',
    description: 'd',
    status: 'PLANNED',
    collective: false,
  };
  t.same(problems(recordActionPlanArgs.safeParse({ input: plan })), []);
  t.same(
    problems(recordActionPlanArgs.safeParse({ input: { ...plan, themes: ['CHILD_LABOUR', 'CHILD_LABOUR'] } })).map(
      ([f, r]) => [f, r],
    ),
    [['input.themes', 'unique']],
  );
  t.same(
    problems(recordActionPlanArgs.safeParse({ input: { ...plan, themes: [] } })).map(([f, r]) => [f, r]),
    [['input.themes', 'too_small']],
  );
  t.same(
    problems(recordActionPlanArgs.safeParse({ input: { ...plan, siteId: null } })).map(([f, r]) => [f, r]),
    [['input.siteId', 'exactly_one']],
  );

  const certificate = {
    scheme: 'FAIR_STONE',
    holderId: 'c',
    deliveryId: 'd',
    validFrom: '2025-01-01',
    validTo: '2025-01-01',
    themes: ['CHILD_LABOUR'],
    reference: 'r',
  };
  t.same(problems(registerCertificateArgs.safeParse({ input: certificate })), [], 'valid for one day');
  t.same(
    problems(registerCertificateArgs.safeParse({ input: { ...certificate, validTo: '2024-12-31' } })).map(([f, r]) => [
      f,
      r,
    ]),
    [['input.validTo', 'valid_to_before_valid_from']],
  );
});

t.test('the list of assessments is filtered by an area only within its country', async (t) => {
  t.same(
    problems(riskAssessmentsArgs.safeParse({ region: 'Ba' })).map(([f, r]) => [f, r]),
    [['region', 'region_needs_country']],
  );
  t.same(riskAssessmentsArgs.parse({ country: 'FJ', region: 'Ba' }), {
    first: 20,
    after: null,
    country: 'FJ',
    region: 'Ba',
    theme: null,
  });
});
