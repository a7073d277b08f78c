import t from 'tap';
import type { ChainNodeRecord } from '../../../src/registry/records.js';
import {
  correctDeliveryArgs,
  customerProblem,
  quarryInput,
  supplierProblem,
  supplyLinkFields,
} from '../../../src/registry/validation.js';

/** The registry's input rules that need no record from the database, and those on a link's two ends. */

/** The field and rule of each problem zod finds, or [] when the input is accepted. */
const problems = (result: {
  success: boolean;
  error?: { issues: { path: PropertyKey[]; params?: Record<string, unknown>; code: string }[] };
}) => (result.error?.issues ?? []).map((issue) => [issue.path.join('.'), issue.params?.rule ?? issue.code]);

t.test('a supply link: its validity must not end before it starts, and no node supplies itself', async (t) => {
  const link = { supplierId: 'q', customerId: 'p', stoneType: 'GRANITE', validFrom: '2025-01-01' };
  t.same(
    supplyLinkFields.parse(link),
    { ...link, validTo: null, annualVolumeTonnes: null },
    'open-ended, no declared volume',
  );
  t.same(problems(supplyLinkFields.safeParse({ ...link, validTo: '2025-01-01' })), [], 'a single day');
  t.same(problems(supplyLinkFields.safeParse({ ...link, validTo: '2024-12-31' })), [
    ['validTo', 'valid_to_before_valid_from'],
  ]);
  t.same(problems(supplyLinkFields.safeParse({ ...link, customerId: 'q' })), [['customerId', 'supplies_itself']]);
  t.same(
    problems(supplyLinkFields.safeParse({ ...link, stoneType: 'granite' })),
    [['stoneType', 'invalid_value']],
    'stone types are the enum values',
  );
  t.same(problems(supplyLinkFields.safeParse({ ...link, annualVolumeTonnes: 0 })), [
    ['annualVolumeTonnes', 'too_small'],
  ]);
});

t.test("a quarry's coordinates come both or neither, within range", async (t) => {
  const quarry = { name: 'Q', region: 'Ba', country: 'FJ', stoneTypes: ['BASALT'] };
  t.same(problems(quarryInput.safeParse(quarry)), []);
  t.same(problems(quarryInput.safeParse({ ...quarry, lat: -17.6, lon: 177.4 })), []);
  t.same(problems(quarryInput.safeParse({ ...quarry, lat: -17.6 })), [['lon', 'lat_lon_together']]);
  t.same(problems(quarryInput.safeParse({ ...quarry, lat: 91, lon: 181 })), [
    ['lat', 'too_big'],
    ['lon', 'too_big'],
  ]);
  t.same(problems(quarryInput.safeParse({ ...quarry, stoneTypes: [] })), [['stoneTypes', 'too_small']]);
});

t.test('a delivery correction must correct something', async (t) => {
  t.same(problems(correctDeliveryArgs.safeParse({ id: 'd', input: {} })), [['input', 'correction_not_empty']]);
  t.same(
    problems(correctDeliveryArgs.safeParse({ id: 'd', input: { massTonnes: null, unit: null } })),
    [['input', 'correction_not_empty']],
    'nulls correct nothing',
  );
  t.same(correctDeliveryArgs.parse({ id: 'd', input: { massTonnes: 12.5 } }).input, {
    stoneType: null,
    quantity: null,
    unit: null,
    massTonnes: 12.5,
    deliveredOn: null,
  });
});

t.test(
  "a link's ends: the customer is no quarry, the supplier is not the customer, a quarry yields the stone",
  async (t) => {
    const quarry: ChainNodeRecord = {
      __typename: 'Quarry',
      id: 'q',
      name: 'Blue quarry',
      country: 'BE',
      region: 'Hainaut',
      location: null,
      stoneTypes: ['BLUESTONE'],
    };
    const processor: ChainNodeRecord = { __typename: 'Processor', id: 'p', name: 'P', country: 'BE', city: null };
    t.equal(customerProblem(quarry)?.rule, 'customer_kind');
    t.equal(customerProblem(processor), null);
    t.same(supplierProblem(quarry, 'p', 'GRANITE'), {
      field: 'stoneType',
      rule: 'quarry_stone_type',
      message: 'quarry Blue quarry does not yield GRANITE',
    });
    t.equal(supplierProblem(quarry, 'p', 'BLUESTONE'), null);
    t.equal(supplierProblem(processor, 'p', 'GRANITE')?.rule, 'supplies_itself');
    t.equal(supplierProblem(processor, 'i', 'GRANITE'), null, 'a processor may supply any stone');
  },
);
