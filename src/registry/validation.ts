import { z } from 'zod';
import { ProjectKind, QuantityUnit, type StoneType } from '../shared/contract.generated.js';
import { afterTimestampCursor, pageArgs } from '../shared/pagination.js';
import {
  country,
  isoDate,
  positive,
  recordId,
  stoneType,
  text,
  validToNotBeforeValidFrom,
} from '../shared/validation.js';
import type { ChainNodeRecord } from './records.js';

export const byIdArgs = z.object({ id: recordId });

/** A list's page and nothing else: `projects`, `Importer.deliveries`. */
export const pageOnlyArgs = z.object(pageArgs);

export const quarriesArgs = z.object({
  ...pageArgs,
  country: country.nullish().transform((v) => v ?? null),
  stoneType: stoneType.nullish().transform((v) => v ?? null),
});

/** The lists of processors, importers and buyers: a page, optionally of one country. */
export const countryPageArgs = z.object({ ...pageArgs, country: country.nullish().transform((v) => v ?? null) });

export const supplyLinksArgs = z.object({
  ...pageArgs,
  customerId: recordId.nullish().transform((v) => v ?? null),
  supplierId: recordId.nullish().transform((v) => v ?? null),
});

const latitude = z.number().min(-90, 'must be between -90 and 90').max(90, 'must be between -90 and 90');
const longitude = z.number().min(-180, 'must be between -180 and 180').max(180, 'must be between -180 and 180');
const bothOrNeither = (v: { lat?: number | null; lon?: number | null }) => (v.lat == null) === (v.lon == null);
const coordinatesRule = {
  message: 'lat and lon go together: give both or neither',
  path: ['lon'],
  params: { rule: 'lat_lon_together' },
};

const quarryFields = {
  name: text(200),
  region: text(200),
  lat: latitude.nullish(),
  lon: longitude.nullish(),
  stoneTypes: z.array(stoneType).min(1, 'must name at least one stone type').max(10),
};

/** Registers the site although it looks like one already registered (see registry/sites.ts). */
const confirmNew = z
  .boolean()
  .nullish()
  .transform((v) => v ?? false);

export const quarryInput = z.object({ ...quarryFields, country, confirmNew }).refine(bothOrNeither, coordinatesRule);

export const quarryUpdateArgs = z.object({
  id: recordId,
  input: z
    .object({
      name: quarryFields.name.nullish(),
      region: quarryFields.region.nullish(),
      lat: quarryFields.lat,
      lon: quarryFields.lon,
      stoneTypes: quarryFields.stoneTypes.nullish(),
    })
    .refine(bothOrNeither, coordinatesRule),
});

export type QuarryUpdate = z.output<typeof quarryUpdateArgs>['input'];

export type QuarryFields = z.output<typeof quarryInput>;

export const processorInput = z.object({
  name: text(200),
  country,
  city: text(100)
    .nullish()
    .transform((v) => v ?? null),
  confirmNew,
});

export type ProcessorFields = z.output<typeof processorInput>;

export const importerInput = z.object({ name: text(200), country, covenantMember: z.boolean() });

export type ImporterFields = z.output<typeof importerInput>;

export const buyerInput = z.object({ name: text(200), country });

export type BuyerFields = z.output<typeof buyerInput>;

export const projectInput = z.object({
  name: text(200),
  kind: z.enum(ProjectKind),
  city: text(100),
  country,
  buyerId: recordId,
});

export type ProjectFields = z.output<typeof projectInput>;

const idempotencyKey = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .nullish()
  .transform((v) => v ?? null);

/** Refused by the input's schema (on customerId) and, for an import's rows, by supplierProblem. */
const suppliesItself = { rule: 'supplies_itself', message: 'a node cannot supply itself' };

export const supplyLinkFields = z
  .object({
    supplierId: recordId,
    customerId: recordId,
    stoneType,
    validFrom: isoDate,
    validTo: isoDate.nullish().transform((v) => v ?? null),
    annualVolumeTonnes: positive.nullish().transform((v) => v ?? null),
  })
  .refine((l) => l.validTo === null || l.validFrom <= l.validTo, validToNotBeforeValidFrom)
  .refine((l) => l.supplierId !== l.customerId, {
    message: suppliesItself.message,
    path: ['customerId'],
    params: { rule: suppliesItself.rule },
  });

export type SupplyLinkFields = z.output<typeof supplyLinkFields>;

export const registerSupplyLinkArgs = z.object({ input: supplyLinkFields, idempotencyKey });

export const endSupplyLinkArgs = z.object({ id: recordId, validTo: isoDate });

export const supplyLinkUpdateArgs = z.object({
  id: recordId,
  input: z.object({ annualVolumeTonnes: positive.nullish().transform((v) => v ?? null) }),
});

const deliveryFigures = {
  stoneType,
  quantity: positive,
  unit: z.enum(QuantityUnit),
  massTonnes: positive,
  deliveredOn: isoDate,
};

/** The origin the delivery note or declaration of performance states: a claim, compared with the trace. */
const declaredOrigin = {
  declaredOriginCountry: country.nullish().transform((v) => v ?? null),
  declaredOriginArea: text(200)
    .nullish()
    .transform((v) => v ?? null),
};

export const recordDeliveryArgs = z.object({
  input: z
    .object({ projectId: recordId, importerId: recordId, ...deliveryFigures, ...declaredOrigin })
    .refine((input) => input.declaredOriginArea === null || input.declaredOriginCountry !== null, {
      message: 'a declared quarry area needs its country (declaredOriginCountry)',
      path: ['declaredOriginCountry'],
      params: { rule: 'declared_area_needs_country' },
    }),
  idempotencyKey,
});

export type DeliveryFields = z.output<typeof recordDeliveryArgs>['input'];

const optional = <S extends z.ZodType>(schema: S) => schema.nullish().transform((v) => v ?? null);

export const correctDeliveryArgs = z.object({
  id: recordId,
  input: z
    .object({
      stoneType: optional(deliveryFigures.stoneType),
      quantity: optional(deliveryFigures.quantity),
      unit: optional(deliveryFigures.unit),
      massTonnes: optional(deliveryFigures.massTonnes),
      deliveredOn: optional(deliveryFigures.deliveredOn),
    })
    .refine((fields) => Object.values(fields).some((value) => value !== null), {
      message: 'must give at least one field to correct',
      params: { rule: 'correction_not_empty' },
    }),
});

export const siteMergesArgs = z.object({ ...pageArgs, after: afterTimestampCursor });

export const mergeSitesArgs = z.object({ keepId: recordId, mergeId: recordId, reason: text(500) });

export const cancelDeliveryArgs = z.object({ id: recordId, reason: text(500) });

export const authorisationArgs = z.object({ projectId: recordId, importerId: recordId });

export const inputArgs = <S extends z.ZodType>(input: S) => z.object({ input });

export interface LinkEndProblem {
  field: 'supplierId' | 'customerId' | 'stoneType';
  rule: string;
  message: string;
}

/**
 * The rules on a supply link's ends that need the records themselves: checked alike for one
 * registration and for every row of an import.
 */
export function customerProblem(customer: ChainNodeRecord): LinkEndProblem | null {
  return customer.__typename === 'Quarry'
    ? {
        field: 'customerId',
        rule: 'customer_kind',
        message: 'a customer must be a processor or importer, not a quarry',
      }
    : null;
}

export function supplierProblem(
  supplier: ChainNodeRecord,
  customerId: string,
  stoneType: StoneType,
): LinkEndProblem | null {
  if (supplier.id === customerId) return { field: 'supplierId', ...suppliesItself };
  if (supplier.__typename === 'Quarry' && !supplier.stoneTypes.includes(stoneType)) {
    return {
      field: 'stoneType',
      rule: 'quarry_stone_type',
      message: `quarry ${supplier.name} does not yield ${stoneType}`,
    };
  }
  return null;
}
