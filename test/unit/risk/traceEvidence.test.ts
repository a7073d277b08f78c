import neo4j, { type Node } from 'neo4j-driver';
import t from 'tap';
import type { ChainNodeRecord, SupplyLinkRecord } from '../../../src/registry/records.js';
import { toTraceEvidence } from '../../../src/risk/traceEvidence.js';
import type { TraceEvidenceRow } from '../../../src/trace/query.js';
import type { EvidenceLookup } from '../../../src/trace/service.js';

/** The evidence the trace query read, turned into records: only for what the trace shows, naming only whom it may. */

let identity = 0;
const node = (labels: string[], properties: Record<string, unknown>): Node =>
  new neo4j.types.Node(neo4j.int(++identity), labels, properties, String(identity));

const company = (id: string) => node(['ChainNode', 'Processor'], { id, name: `company ${id}`, country: 'FJ' });
const site: ChainNodeRecord = { __typename: 'Processor', id: 'p', name: 'p', country: 'FJ', city: null };
const link = { id: 'l' } as SupplyLinkRecord;

const assessed = (id: string, by: string | null) =>
  node(['RiskAssessment'], {
    id,
    theme: 'HEALTH_SAFETY',
    severity: 'HIGH',
    likelihood: 'LOW',
    description: '',
    source: '',
    assessedOn: '2025-01-01',
    assessedByRole: by ? 'MEMBER' : 'ANALYST',
    assessedByOrgId: by,
    targetKind: by ? 'SITE' : 'COUNTRY',
    country: by ? null : 'FJ',
  });
const planned = (id: string) =>
  node(['ActionPlan'], { id, themes: ['HEALTH_SAFETY'], description: '', status: 'DONE', collective: false });
const certified = (id: string) =>
  node(['Certificate'], {
    id,
    scheme: 'FAIR_STONE',
    scope: 'LINK',
    validFrom: '2025-01-01',
    validTo: '2026-01-01',
    themes: ['HEALTH_SAFETY'],
    reference: '',
  });

/** A trace that shows site p and link l, and lets the viewer name `nameable` at any target. */
const lookup = (...nameable: string[]): EvidenceLookup => ({
  node: (id) => (id === site.id ? site : undefined),
  link: (id) => (id === link.id ? link : undefined),
  delivery: () => undefined,
  mayName: (organisationId) => nameable.includes(organisationId),
});

const row: TraceEvidenceRow = {
  areaAssessments: [assessed('country', null)],
  evidence: [
    { item: assessed('self', 'c1'), targetId: 'p', organisation: null },
    { item: planned('plan'), targetId: 'p', organisation: company('c1') },
    { item: certified('certificate'), targetId: 'l', organisation: company('c2') },
    { item: planned('elsewhere'), targetId: 'not in the trace', organisation: company('c1') },
  ],
};

t.test('evidence is attached to the node or link it is about; evidence about anything else is left out', async (t) => {
  const evidence = toTraceEvidence(row, lookup('c1', 'c2'), '2025-06-01');
  t.same(
    evidence.assessments.map((a) => [a.id, a.targetKind, a.site?.id ?? null]),
    [
      ['country', 'COUNTRY', null],
      ['self', 'SITE', 'p'],
    ],
  );
  t.same(
    evidence.actionPlans.map((p) => [p.id, p.site?.id]),
    [['plan', 'p']],
  );
  t.same(
    evidence.certificates.map((c) => [c.id, c.link?.id]),
    [['certificate', 'l']],
  );
  t.equal(evidence.assessments[1]?.level, 'MEDIUM', 'the level is worked out from severity and likelihood');
  t.equal(evidence.assessments[1]?.assessor, 'company c1', 'a MEMBER assessment is the word of its company');
});

t.test(
  'a company the viewer may not name at a target is not named there, in plans, certificates or assessments',
  async (t) => {
    const named = toTraceEvidence(row, lookup('c1', 'c2'), '2025-06-01');
    t.same(
      [
        named.actionPlans[0]?.company?.id,
        named.certificates[0]?.holder?.id,
        named.assessments[1]?.assessedBy.organisationId,
      ],
      ['c1', 'c2', 'c1'],
    );

    const unnamed = toTraceEvidence(row, lookup(), '2025-06-01');
    t.same(
      [
        unnamed.actionPlans[0]?.company,
        unnamed.certificates[0]?.holder,
        unnamed.assessments[1]?.assessedBy.organisationId,
      ],
      [null, null, null],
    );
    t.equal(unnamed.assessments[1]?.assessor, 'company c1', 'the assessment is still told apart from independent ones');
  },
);
