import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { fromRoot } from '../paths.js';
import { parseToken } from '../auth/tokens.js';
import {
  ActionPlanStatus,
  CertificateScheme,
  ProjectKind,
  QuantityUnit,
  RiskLevel,
  RiskTheme,
  Role,
} from '../shared/contract.generated.js';
import { isoDate, stoneType } from '../shared/validation.js';

/**
 * The sample data set (`seeds/sample.json`): records refer to each other by readable keys, and each
 * key maps to a stable UUID, so loading twice writes the same records and documents can quote ids.
 */

const SEED_NAMESPACE = '6f1c2a7e-4b1d-5c8e-9a0f-3d2b1e4c5a6f';

/** A name-based (version 5) UUID of `key`: the same key gives the same id on every machine. */
export function seedId(key: string): string {
  const namespace = Buffer.from(SEED_NAMESPACE.replaceAll('-', ''), 'hex');
  const bytes = createHash('sha1').update(namespace).update(key).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const key = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/);
const country = z.string().regex(/^[A-Z]{2}$/);

const DatasetSchema = z.object({
  notice: z.string(),
  quarries: z.array(
    z.object({
      key,
      name: z.string(),
      country,
      region: z.string(),
      lat: z.number().min(-90).max(90),
      lon: z.number().min(-180).max(180),
      stoneTypes: z.array(stoneType).min(1),
    }),
  ),
  processors: z.array(z.object({ key, name: z.string(), country, city: z.string().nullable() })),
  importers: z.array(z.object({ key, name: z.string(), country, covenantMember: z.boolean() })),
  buyers: z.array(z.object({ key, name: z.string(), country })),
  projects: z.array(
    z.object({
      key,
      name: z.string(),
      kind: z.enum(ProjectKind),
      city: z.string(),
      country,
      buyer: key,
    }),
  ),
  supplyLinks: z.array(
    z.object({
      key,
      supplier: key,
      customer: key,
      stoneType,
      validFrom: isoDate,
      validTo: isoDate.nullable(),
      annualVolumeTonnes: z.number().positive().nullable(),
    }),
  ),
  deliveries: z.array(
    z.object({
      key,
      project: key,
      importer: key,
      stoneType,
      quantity: z.number().positive(),
      unit: z.enum(QuantityUnit),
      massTonnes: z.number().positive(),
      deliveredOn: isoDate,
      /** The origin the delivery note states, compared with the trace (see `originMismatches`). */
      declaredOriginCountry: country.nullish(),
      declaredOriginArea: z.string().nullish(),
    }),
  ),
  /** Baseline COUNTRY (region null) and QUARRY_AREA assessments, from the documented risks with their sources. */
  riskAssessments: z
    .array(
      z.object({
        key,
        theme: z.enum(RiskTheme),
        severity: z.enum(RiskLevel),
        likelihood: z.enum(RiskLevel),
        description: z.string(),
        source: z.string().min(1),
        assessedOn: isoDate,
        country,
        region: z.string().nullable(),
      }),
    )
    .default([]),
  actionPlans: z
    .array(
      z.object({
        key,
        company: key,
        themes: z.array(z.enum(RiskTheme)).min(1),
        site: key.nullable(),
        link: key.nullable(),
        description: z.string(),
        status: z.enum(ActionPlanStatus),
        dueDate: isoDate.nullable(),
        collective: z.boolean(),
        evidence: z.string().nullable(),
      }),
    )
    .default([]),
  certificates: z
    .array(
      z.object({
        key,
        scheme: z.enum(CertificateScheme),
        holder: key,
        site: key.nullable(),
        link: key.nullable(),
        delivery: key.nullable(),
        validFrom: isoDate,
        validTo: isoDate,
        themes: z.array(z.enum(RiskTheme)).min(1),
        reference: z.string(),
      }),
    )
    .default([]),
  /** Demonstration keys with published tokens: sample data only, never for a real deployment. */
  apiKeys: z
    .array(
      z.object({
        key,
        role: z.enum(Role),
        organisation: key.nullable(),
        note: z.string(),
        token: z.string().refine((token) => parseToken(token) !== null, 'is not an stk_ token'),
      }),
    )
    .default([]),
});

export type Dataset = z.input<typeof DatasetSchema>;

/** Every reference must name a record of the right kind: the loader's MATCH would skip it silently. */
const ReferencedDatasetSchema = DatasetSchema.superRefine((data, ctx) => {
  const keysOf = (...lists: { key: string }[][]) => new Set(lists.flat().map((r) => r.key));
  const chainNodes = keysOf(data.quarries, data.processors, data.importers);
  const customers = keysOf(data.processors, data.importers);
  const check = (ok: boolean, path: (string | number)[], message: string) => {
    if (!ok) ctx.addIssue({ code: 'custom', path, message });
  };
  data.projects.forEach((p, i) =>
    check(keysOf(data.buyers).has(p.buyer), ['projects', i, 'buyer'], `no buyer ${p.buyer}`),
  );
  data.supplyLinks.forEach((l, i) => {
    check(chainNodes.has(l.supplier), ['supplyLinks', i, 'supplier'], `no chain node ${l.supplier}`);
    check(customers.has(l.customer), ['supplyLinks', i, 'customer'], `no processor or importer ${l.customer}`);
  });
  data.apiKeys.forEach((k, i) => {
    const organisations = k.role === 'BUYER' ? keysOf(data.buyers) : keysOf(data.processors, data.importers);
    const bound = k.role === 'BUYER' || k.role === 'MEMBER';
    check(
      bound ? k.organisation !== null && organisations.has(k.organisation) : k.organisation === null,
      ['apiKeys', i, 'organisation'],
      `a ${k.role} key needs ${bound ? 'its organisation' : 'no organisation'}`,
    );
  });
  const targetsOf = (
    record: { site: string | null; link: string | null; delivery?: string | null },
    path: (string | number)[],
  ) => {
    const named = [record.site, record.link, record.delivery ?? null].filter((target) => target !== null);
    check(named.length === 1, path, 'needs exactly one of site, link, delivery');
    if (record.site !== null) check(chainNodes.has(record.site), [...path, 'site'], `no chain node ${record.site}`);
    if (record.link !== null)
      check(keysOf(data.supplyLinks).has(record.link), [...path, 'link'], `no supply link ${record.link}`);
    if (record.delivery)
      check(keysOf(data.deliveries).has(record.delivery), [...path, 'delivery'], `no delivery ${record.delivery}`);
  };
  data.actionPlans.forEach((p, i) => {
    check(chainNodes.has(p.company), ['actionPlans', i, 'company'], `no chain node ${p.company}`);
    targetsOf(p, ['actionPlans', i]);
  });
  data.certificates.forEach((c, i) => {
    check(chainNodes.has(c.holder), ['certificates', i, 'holder'], `no chain node ${c.holder}`);
    targetsOf(c, ['certificates', i]);
  });
  data.deliveries.forEach((d, i) => {
    check(keysOf(data.projects).has(d.project), ['deliveries', i, 'project'], `no project ${d.project}`);
    check(keysOf(data.importers).has(d.importer), ['deliveries', i, 'importer'], `no importer ${d.importer}`);
  });
});

export function readDataset(file = fromRoot('seeds', 'sample.json')): Dataset {
  return ReferencedDatasetSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}
