import { z } from 'zod';
import { pageArgs } from '../shared/pagination.js';
import { country, isoDate, recordId, text, validToNotBeforeValidFrom } from '../shared/validation.js';
import { todayUtc } from '../shared/dates.js';
import { ActionPlanStatus, CertificateScheme, RiskLevel, RiskTheme } from '../shared/contract.generated.js';

const riskLevel = z.enum(RiskLevel);
const riskTheme = z.enum(RiskTheme);
const themes = z
  .array(riskTheme)
  .min(1, 'must name at least one theme')
  .refine((list) => new Set(list).size === list.length, {
    message: 'must not name a theme twice',
    params: { rule: 'unique' },
  });
const optionalId = recordId.nullish().transform((v) => v ?? null);
const optionalText = (max: number) =>
  text(max)
    .nullish()
    .transform((v) => v ?? null);

/** Of the named fields, exactly one must be given; the refusal names them all. */
const exactlyOne =
  <K extends string>(fields: K[], what: string) =>
  (input: Partial<Record<K, unknown>>, ctx: z.RefinementCtx) => {
    const given = fields.filter((field) => input[field] != null);
    if (given.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        params: { rule: 'exactly_one' },
        path: [given[1] ?? fields[0] ?? ''],
        message: `give exactly one of ${fields.join(', ')} (${what}); got ${given.length === 0 ? 'none' : given.join(' and ')}`,
      });
    }
  };

/** An assessment, or a filter of assessments, naming a quarry area without its country. */
const regionNeedsCountry = {
  path: ['region'],
  message: 'a quarry area needs its country: give country with region',
  params: { rule: 'region_needs_country' },
};

export type AssessmentTarget =
  | { kind: 'COUNTRY'; country: string }
  | { kind: 'QUARRY_AREA'; country: string; region: string }
  | { kind: 'SITE'; siteId: string }
  | { kind: 'LINK'; linkId: string };

export const assessRiskArgs = z.object({
  input: z
    .object({
      theme: riskTheme,
      severity: riskLevel,
      likelihood: riskLevel,
      description: text(2000),
      source: text(1000),
      assessedOn: isoDate,
      country: country.nullish().transform((v) => v ?? null),
      region: optionalText(200),
      siteId: optionalId,
      linkId: optionalId,
    })
    .superRefine((input, ctx) => {
      if (input.region !== null && input.country === null) ctx.addIssue({ code: 'custom', ...regionNeedsCountry });
    })
    .superRefine(
      exactlyOne(['country', 'siteId', 'linkId'], 'the target: country alone, country + region, a site or a link'),
    )
    .refine((input) => input.assessedOn <= todayUtc(), {
      path: ['assessedOn'],
      message: 'must not be in the future',
      params: { rule: 'not_in_future' },
    })
    .transform(({ country: assessedCountry, region, siteId, linkId, ...fields }) => {
      const target: AssessmentTarget =
        siteId !== null
          ? { kind: 'SITE', siteId }
          : linkId !== null
            ? { kind: 'LINK', linkId }
            : region !== null
              ? { kind: 'QUARRY_AREA', country: assessedCountry as string, region }
              : { kind: 'COUNTRY', country: assessedCountry as string };
      return { ...fields, target };
    }),
});

export type RiskAssessmentFields = z.output<typeof assessRiskArgs>['input'];

const planStatus = z.enum(ActionPlanStatus);

export const recordActionPlanArgs = z.object({
  input: z
    .object({
      companyId: recordId,
      themes,
      siteId: optionalId,
      linkId: optionalId,
      description: text(2000),
      status: planStatus,
      dueDate: isoDate.nullish().transform((v) => v ?? null),
      collective: z.boolean(),
      evidence: optionalText(2000),
    })
    .superRefine(exactlyOne(['siteId', 'linkId'], 'where the plan acts')),
});

export type ActionPlanFields = z.output<typeof recordActionPlanArgs>['input'];

export const updateActionPlanArgs = z.object({
  id: recordId,
  input: z
    .object({
      status: planStatus.nullish(),
      dueDate: isoDate.nullish(),
      evidence: text(2000).nullish(),
    })
    .refine((input) => Object.values(input).some((v) => v != null), {
      message: 'give at least one of status, dueDate, evidence',
      params: { rule: 'not_empty' },
    }),
});

export type ActionPlanUpdate = z.output<typeof updateActionPlanArgs>['input'];

export const registerCertificateArgs = z.object({
  input: z
    .object({
      scheme: z.enum(CertificateScheme),
      holderId: recordId,
      siteId: optionalId,
      linkId: optionalId,
      deliveryId: optionalId,
      validFrom: isoDate,
      validTo: isoDate,
      themes,
      reference: text(200),
    })
    .superRefine(exactlyOne(['siteId', 'linkId', 'deliveryId'], 'the scope'))
    .refine((input) => input.validFrom <= input.validTo, validToNotBeforeValidFrom),
});

export type CertificateFields = z.output<typeof registerCertificateArgs>['input'];

export const riskAssessmentsArgs = z
  .object({
    ...pageArgs,
    country: country.nullish().transform((v) => v ?? null),
    region: optionalText(200),
    theme: riskTheme.nullish().transform((v) => v ?? null),
  })
  .refine((args) => args.region === null || args.country !== null, regionNeedsCountry);

export const actionPlansArgs = z.object({ ...pageArgs, companyId: recordId });
