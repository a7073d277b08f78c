import { randomBytes } from 'node:crypto';
import type { Graph } from '../../src/db/graph.js';
import { seedId, type Dataset } from '../../src/seed/dataset.js';
import { loadDataset } from '../../src/seed/load.js';

type StoneType = Dataset['supplyLinks'][number]['stoneType'];

/** A data set with no records, to add to. */
export const emptyDataset = (): Dataset => ({
  notice: 'test data',
  quarries: [],
  processors: [],
  importers: [],
  buyers: [],
  projects: [],
  supplyLinks: [],
  deliveries: [],
});

/**
 * Builds a small hand-made chain for one test and writes it through the seed loader. Records get
 * keys unique to this builder, so tests running in parallel on one database never see each other.
 */
export class ChainBuilder {
  private readonly scope = `t${randomBytes(6).toString('hex')}`;
  private readonly data: Dataset = emptyDataset();

  key(name: string): string {
    return `${this.scope}-${name.toLowerCase()}`;
  }

  /** The id the API uses for the record named `name` in this builder. */
  id(name: string): string {
    return seedId(this.key(name));
  }

  quarry(name: string, fields: Partial<Dataset['quarries'][number]> = {}): this {
    this.data.quarries.push({
      key: this.key(name),
      name,
      country: 'PT',
      region: 'Evora',
      lat: 38.8,
      lon: -7.45,
      stoneTypes: ['GRANITE'],
      ...fields,
    });
    return this;
  }

  processor(name: string, country = 'CN'): this {
    this.data.processors.push({ key: this.key(name), name, country, city: null });
    return this;
  }

  importer(name: string, country = 'NL'): this {
    this.data.importers.push({ key: this.key(name), name, country, covenantMember: true });
    return this;
  }

  /** A project with its own buyer. */
  project(name: string, buyerCountry = 'NL'): this {
    const buyer = `${name}-buyer`;
    this.data.buyers.push({ key: this.key(buyer), name: `Buyer of ${name}`, country: buyerCountry });
    this.data.projects.push({
      key: this.key(name),
      name,
      kind: 'PLAZA',
      city: 'Utrecht',
      country: 'NL',
      buyer: this.key(buyer),
    });
    return this;
  }

  link(
    supplier: string,
    customer: string,
    fields: { stoneType?: StoneType; validFrom?: string; validTo?: string | null; volume?: number | null } = {},
  ): this {
    this.data.supplyLinks.push({
      key: this.key(`${supplier}-${customer}-${this.data.supplyLinks.length}`),
      supplier: this.key(supplier),
      customer: this.key(customer),
      stoneType: fields.stoneType ?? 'GRANITE',
      validFrom: fields.validFrom ?? '2020-01-01',
      validTo: fields.validTo ?? null,
      annualVolumeTonnes: fields.volume ?? null,
    });
    return this;
  }

  delivery(
    project: string,
    importer: string,
    fields: { stoneType?: StoneType; massTonnes?: number; deliveredOn?: string } = {},
  ): this {
    this.data.deliveries.push({
      key: this.key(`${project}-delivery-${this.data.deliveries.length}`),
      project: this.key(project),
      importer: this.key(importer),
      stoneType: fields.stoneType ?? 'GRANITE',
      quantity: fields.massTonnes ?? 10,
      unit: 'T',
      massTonnes: fields.massTonnes ?? 10,
      deliveredOn: fields.deliveredOn ?? '2025-06-01',
    });
    return this;
  }

  async save(graph: Graph): Promise<this> {
    await loadDataset(graph, this.data);
    return this;
  }
}
