import { type CypherQuery, type Graph } from '../../src/db/graph.js';
import { Prng } from './stats.js';
import { riskLevels, riskThemes } from '../../src/risk/vocabulary.js';
import type { ActionPlanRow, CertificateRow, RiskAssessmentRow } from '../../src/risk/writes.js';
import { bulkWrites } from '../../src/seed/load.js';

/**
 * A deterministic synthetic supply-chain graph for the benchmark (same seed and scale, same graph).
 *
 * Layers, upstream to downstream:
 *   tier 0      quarries (1-2 stone types each)
 *   tiers 1..6  processors (4-5 stone types each); a link comes from the tier just above (80 %)
 *               or skips one tier (20 %), so chains are 1 to 6 processor hops long
 *   tier 7      primary importers, supplied by processors of tiers 4..6
 *   tier 8      secondary importers, half their links from a primary importer
 * so the longest chain is quarry > 6 processors > importer > importer = 8 hops. About 2 % of the
 * links run backwards (a downstream processor supplying one it buys from, directly or one tier
 * further), which makes cycles. Every (customer, stone type) gets 1 to 3 upstream links (2 %
 * none, an undeclared supply); links have validity windows (some expired, some starting late)
 * and declared or undeclared annual volumes. Projects get 1 to 3 deliveries from random importers.
 * Risk evidence as traces meet it: 3 themes assessed per country and 2 per quarry area, an action
 * plan at 10 % of processors and a certificate at 5 % of quarries.
 */

export const STONE_TYPES = [
  'BLUESTONE',
  'GRANITE',
  'SANDSTONE',
  'MARBLE',
  'LIMESTONE',
  'QUARTZITE',
  'SLATE',
  'BASALT',
  'TRAVERTINE',
  'GNEISS',
] as const;
type StoneType = (typeof STONE_TYPES)[number];

const STONE_WEIGHTS: readonly (readonly [StoneType, number])[] = [
  ['BLUESTONE', 3],
  ['GRANITE', 3],
  ['SANDSTONE', 2],
  ['MARBLE', 1],
  ['LIMESTONE', 2],
  ['QUARTZITE', 1],
  ['SLATE', 1],
  ['BASALT', 2],
  ['TRAVERTINE', 1],
  ['GNEISS', 1],
];

const PROCESSOR_TIERS = 6;
const PRIMARY_IMPORTER_TIER = PROCESSOR_TIERS + 1;
const SECONDARY_IMPORTER_TIER = PROCESSOR_TIERS + 2;
const MAX_FAN_IN = 3;

export interface GenerateOptions {
  /** Multiplies every count (1 = 2,000 quarries, 5,000 processors, 1,000 importers, 10,000 projects, 50,000 links). */
  scale: number;
  seed: number;
  /** Only these parts (see generateBenchGraph); all of the scale's parts when unset. */
  parts?: { from: number; to: number };
  /** Rows per UNWIND transaction. */
  batchSize?: number;
  log?: (message: string) => void;
}

export interface GeneratedCounts {
  quarries: number;
  processors: number;
  importers: number;
  buyers: number;
  projects: number;
  deliveries: number;
  supplyLinks: number;
  /** Links running backwards between tiers (cycles). */
  cycleLinks: number;
  importerToImporterLinks: number;
  /** Links whose validTo is before 2020, the first delivery year. */
  expiredLinks: number;
  undeclaredVolumeLinks: number;
  /** (customer, stone type) pairs with no upstream link at all. */
  pairsWithoutSupplier: number;
  riskAssessments: number;
  actionPlans: number;
  certificates: number;
}

export interface GeneratedGraph {
  counts: GeneratedCounts;
  /** The project ids of part 0, in generation order: the sample is drawn from these at every scale. */
  projectIds: string[];
  /** The buyer (commissioning organisation) of each project of part 0. */
  buyerOfProject: Map<string, string>;
  /** Wall time of generation and writing, ms. */
  elapsedMs: number;
}

interface GenNode {
  id: string;
  tier: number;
  types: StoneType[];
}

interface GenPair {
  customer: GenNode;
  type: StoneType;
  suppliers: Set<string>;
  undeclared: boolean;
}

interface GenLink {
  id: string;
  supplierId: string;
  customerId: string;
  stoneType: StoneType;
  validFrom: string;
  validTo: string | null;
  annualVolumeTonnes: number | null;
}

const DAY_MS = 86_400_000;
const dayOf = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
const isoOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
const FIRST_DELIVERY_DAY = dayOf('2020-01-01');
const LAST_DELIVERY_DAY = dayOf('2025-06-30');

const QUARRY_COUNTRIES = ['PT', 'ES', 'IT', 'CN', 'IN', 'VN', 'BE', 'DE', 'NO', 'BR', 'TR', 'EG'] as const;
const PROCESSOR_COUNTRIES = ['CN', 'IN', 'VN', 'PT', 'IT', 'TR', 'BE', 'DE', 'PL', 'ES'] as const;
const IMPORTER_COUNTRIES = ['NL', 'BE', 'DE'] as const;
const PROJECT_KINDS = ['PLAZA', 'FACADE', 'MONUMENT', 'STREET', 'BRIDGE', 'INTERIOR', 'LANDSCAPE', 'OTHER'] as const;
const UNITS = [
  ['T', 1],
  ['M2', 0.08],
  ['M3', 2.7],
  ['PIECES', 0.05],
] as const;

/** Counts at a scale; small scales keep enough nodes for every tier. */
export function benchCounts(scale: number): {
  quarries: number;
  processors: number;
  importers: number;
  buyers: number;
  projects: number;
  links: number;
} {
  const n = (base: number, min: number): number => Math.max(min, Math.round(base * scale));
  return {
    quarries: n(2000, 10),
    processors: n(5000, PROCESSOR_TIERS * 4),
    importers: n(1000, 4),
    buyers: n(500, 2),
    projects: n(10_000, 10),
    links: n(50_000, 100),
  };
}

/**
 * The graph at `scale`: up to 1, one part of that size; above 1, `scale` parts of scale 1 (an
 * integer). Part 0 is the graph of scale 1 (or less) with the same seed, and every further part is
 * a disjoint graph of its own (ids `bench-p<part>-...`, its own seed, its own quarry areas, no
 * country assessments): no supply link, delivery or risk record of another part touches part 0,
 * so the projects of part 0 trace the same sub-graphs at every scale, in a graph k times larger.
 * `parts` adds the parts `from` to `to` - 1 of size `scale` (1 or less) to a graph that has the
 * ones before (the scale-comparison mode grows the graph that way).
 */
export async function generateBenchGraph(graph: Graph, options: GenerateOptions): Promise<GeneratedGraph> {
  const { from, to } = options.parts ?? { from: 0, to: Math.max(1, Math.round(options.scale)) };
  const partScale = options.parts || options.scale <= 1 ? options.scale : 1;
  if (partScale > 1 || (options.scale > 1 && !Number.isInteger(options.scale)))
    throw new Error(`BENCH_SCALE above 1 must be a whole number (got ${options.scale})`);
  const started = performance.now();
  let first: GeneratedGraph | undefined;
  for (let part = from; part < to; part++) {
    options.log?.(`part ${part} of ${to} (scale ${partScale} each)`);
    const generated = await generatePart(graph, { ...options, scale: partScale }, part);
    if (!first) first = generated;
    else
      for (const key of Object.keys(first.counts) as (keyof GeneratedCounts)[])
        first.counts[key] += generated.counts[key];
  }
  if (!first) throw new Error('no parts to generate');
  return { ...first, elapsedMs: performance.now() - started };
}

async function generatePart(graph: Graph, options: GenerateOptions, part: number): Promise<GeneratedGraph> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const batchSize = options.batchSize ?? 5000;
  const ns = part === 0 ? 'bench' : `bench-p${part}`;
  const rng = new Prng(part === 0 ? options.seed : options.seed + part * 1_000_003);
  const target = benchCounts(options.scale);

  const pickTypes = (min: number, max: number): StoneType[] => {
    const k = rng.int(min, max);
    const chosen: StoneType[] = [];
    while (chosen.length < k) {
      const type = rng.weighted(STONE_WEIGHTS.filter(([t]) => !chosen.includes(t)));
      chosen.push(type);
    }
    return chosen;
  };

  // Chain nodes, by tier and stone type.
  const byTierType = new Map<string, GenNode[]>();
  const index = (node: GenNode): GenNode => {
    for (const type of node.types) {
      const key = `${node.tier}:${type}`;
      const list = byTierType.get(key) ?? [];
      list.push(node);
      byTierType.set(key, list);
    }
    return node;
  };

  const quarryRows: object[] = [];
  for (let i = 0; i < target.quarries; i++) {
    const node = index({ id: `${ns}-quarry-${i}`, tier: 0, types: pickTypes(1, 2) });
    quarryRows.push({
      id: node.id,
      name: `Bench quarry ${i}`,
      country: rng.pick(QUARRY_COUNTRIES),
      region: `Region ${part === 0 ? '' : `${part}-`}${rng.int(1, 60)}`,
      lat: Math.round((rng.next() * 100 - 40) * 1e4) / 1e4,
      lon: Math.round((rng.next() * 300 - 150) * 1e4) / 1e4,
      stoneTypes: node.types,
    });
  }

  const customers: GenNode[] = [];
  const processorRows: object[] = [];
  for (let i = 0; i < target.processors; i++) {
    const tier = 1 + Math.floor((i * PROCESSOR_TIERS) / target.processors);
    const node = index({ id: `${ns}-processor-${i}`, tier, types: pickTypes(4, 5) });
    customers.push(node);
    processorRows.push({
      id: node.id,
      name: `Bench processor ${i}`,
      country: rng.pick(PROCESSOR_COUNTRIES),
      city: rng.chance(0.8) ? `City ${rng.int(1, 400)}` : null,
    });
  }

  const primaryImporters = Math.max(1, Math.ceil(target.importers * 0.7));
  const importers: GenNode[] = [];
  const importerRows: object[] = [];
  for (let i = 0; i < target.importers; i++) {
    const tier = i < primaryImporters ? PRIMARY_IMPORTER_TIER : SECONDARY_IMPORTER_TIER;
    const node = index({ id: `${ns}-importer-${i}`, tier, types: pickTypes(4, 6) });
    customers.push(node);
    importers.push(node);
    importerRows.push({
      id: node.id,
      name: `Bench importer ${i}`,
      country: rng.pick(IMPORTER_COUNTRIES),
      covenantMember: rng.chance(0.6),
    });
  }

  // Supply links.
  const supplierTiers = (tier: number): [number, number][] => {
    if (tier === PRIMARY_IMPORTER_TIER)
      return [
        [6, 0.6],
        [5, 0.3],
        [4, 0.1],
      ];
    if (tier === SECONDARY_IMPORTER_TIER)
      return [
        [PRIMARY_IMPORTER_TIER, 0.5],
        [6, 0.3],
        [5, 0.2],
      ];
    return tier >= 2
      ? [
          [tier - 1, 0.8],
          [tier - 2, 0.2],
        ]
      : [[0, 1]];
  };
  const chooseSupplier = (pair: GenPair): GenNode | undefined => {
    const tiers = supplierTiers(pair.customer.tier).filter(
      ([t]) => (byTierType.get(`${t}:${pair.type}`)?.length ?? 0) > 0,
    );
    for (let attempt = 0; attempt < 6 && tiers.length > 0; attempt++) {
      const tier = rng.weighted(tiers);
      const candidate = rng.pick(byTierType.get(`${tier}:${pair.type}`) ?? []);
      if (candidate.id !== pair.customer.id && !pair.suppliers.has(candidate.id)) return candidate;
    }
    return undefined;
  };

  const links: GenLink[] = [];
  let cycleLinks = 0;
  let importerToImporterLinks = 0;
  const addLink = (supplier: GenNode, customer: GenNode, type: StoneType): GenLink => {
    const validFromDay = rng.chance(0.92)
      ? dayOf('2008-01-01') + rng.int(0, 12 * 365)
      : dayOf('2020-01-01') + rng.int(0, 5 * 365);
    const validTo = rng.chance(0.2) ? isoOf(validFromDay + rng.int(365, 8 * 365)) : null;
    const link: GenLink = {
      id: `${ns}-link-${links.length}`,
      supplierId: supplier.id,
      customerId: customer.id,
      stoneType: type,
      validFrom: isoOf(validFromDay),
      validTo,
      annualVolumeTonnes: rng.chance(0.75) ? rng.int(50, 20_000) : null,
    };
    links.push(link);
    if (supplier.tier >= PRIMARY_IMPORTER_TIER) importerToImporterLinks++;
    return link;
  };

  const pairs: GenPair[] = [];
  for (const customer of customers) {
    for (const type of customer.types) {
      pairs.push({ customer, type, suppliers: new Set(), undeclared: rng.chance(0.02) });
    }
  }
  // Every declared pair gets one link, then the remaining forward links go to random pairs (at most 3 each).
  for (const pair of pairs) {
    if (pair.undeclared) continue;
    const supplier = chooseSupplier(pair);
    if (!supplier) continue;
    pair.suppliers.add(supplier.id);
    addLink(supplier, pair.customer, pair.type);
  }
  const cycleTarget = Math.round(target.links * 0.02);
  const forwardTarget = target.links - cycleTarget;
  const open = pairs.filter((pair) => !pair.undeclared && pair.suppliers.size > 0);
  for (let attempts = 0; links.length < forwardTarget && open.length > 0 && attempts < target.links * 20; attempts++) {
    const at = rng.int(0, open.length - 1);
    const pair = open[at] as GenPair;
    const supplier = chooseSupplier(pair);
    if (supplier) {
      pair.suppliers.add(supplier.id);
      addLink(supplier, pair.customer, pair.type);
    }
    if (pair.suppliers.size >= MAX_FAN_IN) {
      open[at] = open[open.length - 1] as GenPair;
      open.pop();
    }
  }

  // Cycles: processor A supplies B (and B supplies C); add B > A or C > A of the same stone type.
  const nodeById = new Map<string, GenNode>(customers.map((node) => [node.id, node]));
  const downstream = new Map<string, GenNode[]>();
  const processorLinks: GenLink[] = [];
  for (const link of links) {
    const customer = nodeById.get(link.customerId);
    const supplier = nodeById.get(link.supplierId);
    if (!customer || !supplier || supplier.tier > PROCESSOR_TIERS || customer.tier > PROCESSOR_TIERS) continue;
    processorLinks.push(link);
    const key = `${link.supplierId}|${link.stoneType}`;
    const list = downstream.get(key) ?? [];
    list.push(customer);
    downstream.set(key, list);
  }
  const pairOf = new Map<string, GenPair>(pairs.map((pair) => [`${pair.customer.id}|${pair.type}`, pair]));
  for (
    let attempts = 0;
    cycleLinks < cycleTarget && processorLinks.length > 0 && attempts < cycleTarget * 20;
    attempts++
  ) {
    const link = rng.pick(processorLinks);
    const start = nodeById.get(link.supplierId) as GenNode;
    let end = nodeById.get(link.customerId) as GenNode;
    if (rng.chance(0.5)) end = rng.pick(downstream.get(`${end.id}|${link.stoneType}`) ?? [end]);
    const pair = pairOf.get(`${start.id}|${link.stoneType}`);
    if (!pair || end.id === start.id || pair.suppliers.has(end.id)) continue;
    pair.suppliers.add(end.id);
    addLink(end, start, link.stoneType);
    cycleLinks++;
  }

  // Buyers, projects, deliveries.
  const buyerRows: object[] = [];
  for (let i = 0; i < target.buyers; i++) {
    buyerRows.push({ id: `${ns}-buyer-${i}`, name: `Bench municipality ${i}`, country: rng.pick(IMPORTER_COUNTRIES) });
  }
  const projectRows: object[] = [];
  const projectIds: string[] = [];
  const buyerOfProject = new Map<string, string>();
  const deliveryRows: object[] = [];
  for (let i = 0; i < target.projects; i++) {
    const id = `${ns}-project-${i}`;
    const buyerId = `${ns}-buyer-${rng.int(0, target.buyers - 1)}`;
    projectIds.push(id);
    buyerOfProject.set(id, buyerId);
    projectRows.push({
      id,
      name: `Bench project ${i}`,
      kind: rng.pick(PROJECT_KINDS),
      city: `Town ${rng.int(1, 300)}`,
      country: rng.pick(['NL', 'BE'] as const),
      buyerId,
    });
    const deliveries = rng.weighted([
      [1, 0.5],
      [2, 0.3],
      [3, 0.2],
    ] as const);
    for (let d = 0; d < deliveries; d++) {
      const importer = rng.pick(importers);
      const [unit, tonnesPerUnit] = rng.pick(UNITS);
      const quantity = rng.int(10, 2000);
      deliveryRows.push({
        id: `${ns}-delivery-${deliveryRows.length}`,
        projectId: id,
        importerId: importer.id,
        stoneType: rng.chance(0.95) ? rng.pick(importer.types) : rng.pick(STONE_TYPES),
        quantity,
        unit,
        massTonnes: Math.max(0.1, Math.round(quantity * tonnesPerUnit * 10) / 10),
        deliveredOn: isoOf(rng.int(FIRST_DELIVERY_DAY, LAST_DELIVERY_DAY)),
      });
    }
  }

  const { assessmentRows, planRows, certificateRows } = riskEvidence(
    rng,
    ns,
    quarryRows as { id: string; country: string; region: string }[],
    processorRows as { id: string; country: string }[],
    importers,
  );

  const generatedMs = performance.now() - started;
  log(
    `generated ${links.length} links and ${deliveryRows.length} deliveries in memory in ${(generatedMs / 1000).toFixed(1)} s; writing...`,
  );

  const write = async <R extends object>(
    label: string,
    query: CypherQuery<{ rows: R[] }, unknown>,
    rows: R[],
  ): Promise<void> => {
    const t0 = performance.now();
    for (let i = 0; i < rows.length; i += batchSize) {
      await graph.write(query, { rows: rows.slice(i, i + batchSize) });
    }
    log(
      `  ${label.padEnd(12)} ${String(rows.length).padStart(7)} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
  };
  await write('quarries', bulkWrites.quarries, quarryRows);
  await write('processors', bulkWrites.processors, processorRows);
  await write('importers', bulkWrites.importers, importerRows);
  await write('buyers', bulkWrites.buyers, buyerRows);
  await write('projects', bulkWrites.projects, projectRows);
  await write('supplyLinks', bulkWrites.supplyLinks, links);
  await write('deliveries', bulkWrites.deliveries, deliveryRows);
  await write('assessments', bulkWrites.riskAssessments, assessmentRows);
  await write('plans', bulkWrites.actionPlans, planRows);
  await write('certificates', bulkWrites.certificates, certificateRows);

  const firstDeliveryIso = isoOf(FIRST_DELIVERY_DAY);
  return {
    counts: {
      quarries: quarryRows.length,
      processors: processorRows.length,
      importers: importerRows.length,
      buyers: buyerRows.length,
      projects: projectRows.length,
      deliveries: deliveryRows.length,
      supplyLinks: links.length,
      cycleLinks,
      importerToImporterLinks,
      expiredLinks: links.filter((link) => link.validTo !== null && link.validTo < firstDeliveryIso).length,
      undeclaredVolumeLinks: links.filter((link) => link.annualVolumeTonnes === null).length,
      pairsWithoutSupplier: pairs.filter((pair) => pair.suppliers.size === 0).length,
      riskAssessments: assessmentRows.length,
      actionPlans: planRows.length,
      certificates: certificateRows.length,
    },
    projectIds,
    buyerOfProject,
    elapsedMs: performance.now() - started,
  };
}

function riskEvidence(
  rng: Prng,
  ns: string,
  quarries: { id: string; country: string; region: string }[],
  processors: { id: string; country: string }[],
  importers: GenNode[],
): { assessmentRows: RiskAssessmentRow[]; planRows: ActionPlanRow[]; certificateRows: CertificateRow[] } {
  const assessmentRows: RiskAssessmentRow[] = [];
  const assess = (country: string, region: string | null, count: number): void => {
    const themes = new Set<string>();
    while (themes.size < count) themes.add(rng.pick(riskThemes));
    for (const theme of themes) {
      assessmentRows.push({
        id: `${ns}-assessment-${assessmentRows.length}`,
        theme,
        severity: rng.pick(riskLevels),
        likelihood: rng.pick(riskLevels),
        description: 'synthetic',
        source: 'benchmark generator',
        assessedOn: '2025-01-15',
        targetKind: region === null ? 'COUNTRY' : 'QUARRY_AREA',
        country,
        region,
        siteId: null,
        linkId: null,
        assessedByRole: 'ADMIN',
        assessedByOrgId: null,
      });
    }
  };
  // Country assessments once, with part 0: a further part would add evidence to part 0's traces.
  if (ns === 'bench')
    for (const country of new Set([...QUARRY_COUNTRIES, ...PROCESSOR_COUNTRIES])) assess(country, null, 3);
  for (const area of new Set(quarries.map((q) => `${q.country}|${q.region}`))) {
    const [country, region] = area.split('|') as [string, string];
    assess(country, region, 2);
  }
  const planRows = processors
    .filter(() => rng.chance(0.1))
    .map((processor, i) => ({
      id: `${ns}-plan-${i}`,
      companyId: rng.pick(importers).id,
      siteId: processor.id,
      linkId: null,
      themes: [rng.pick(riskThemes)],
      description: 'synthetic',
      status: rng.pick(['PLANNED', 'IN_PROGRESS', 'DONE'] as const),
      dueDate: '2026-06-30',
      collective: rng.chance(0.2),
      evidence: null,
    }));
  const certificateRows = quarries
    .filter(() => rng.chance(0.05))
    .map((quarry, i) => ({
      id: `${ns}-certificate-${i}`,
      holderId: quarry.id,
      siteId: quarry.id,
      linkId: null,
      deliveryId: null,
      scope: 'SITE' as const,
      scheme: rng.pick(['FAIR_STONE', 'XERTIFIX', 'IGEP'] as const),
      validFrom: '2024-01-01',
      validTo: rng.pick(['2025-12-31', '2027-12-31'] as const),
      themes: [rng.pick(riskThemes)],
      reference: `BENCH-${i}`,
    }));
  return { assessmentRows, planRows, certificateRows };
}
