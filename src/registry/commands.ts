import { createHash, randomUUID } from 'node:crypto';
import type { Node } from 'neo4j-driver';
import { recordChanges } from '../audit/trail.js';
import { actorScope, forbidden, type Viewer } from '../auth/viewer.js';
import type { RegistrySettings } from '../config.js';
import type { Graph, GraphTransaction } from '../db/graph.js';
import { ProjectNotices } from '../notifications/projectNotices.js';
import { badInput, clientError, notFound } from '../shared/errors.js';
import { areaKey, siteNameKey } from '../shared/siteNames.js';
import { validToNotBeforeValidFrom } from '../shared/validation.js';
import { adminViewer, VisibleRecords } from './lookups.js';
import {
  toBuyer,
  toChainNode,
  toDelivery,
  toImporter,
  toImporterAuthorisation,
  toProcessor,
  toProject,
  toQuarry,
  toSupplyLink,
  type BuyerRecord,
  type DeliveryRecord,
  type ImporterAuthorisationRecord,
  type ImporterRecord,
  type ProcessorRecord,
  type ProjectRecord,
  type QuarryRecord,
  type SupplyLinkRecord,
} from './records.js';
import { DuplicateSites, knownAreas } from './sites.js';
import { registerSupplyLinks } from './supplyLinkRegistration.js';
import {
  customerProblem,
  supplierProblem,
  type BuyerFields,
  type DeliveryFields,
  type ImporterFields,
  type ProcessorFields,
  type ProjectFields,
  type QuarryFields,
  type QuarryUpdate,
  type SupplyLinkFields,
} from './validation.js';
import * as writes from './writes.js';

/** An authorisation that lets its importer deliver: granted (a bare claimed node is not) and not withdrawn. */
const isCurrent = (authorisation: Node): boolean =>
  authorisation.properties.authorisedAt != null && authorisation.properties.withdrawnAt == null;

const notAuthorisedToDeliver = (importerId: string, projectId: string): Error =>
  clientError(
    'FORBIDDEN',
    `importer ${JSON.stringify(importerId)} is not authorised to deliver to project ${JSON.stringify(projectId)}: ` +
      "only importers the project's buyer has authorised (authoriseImporter) may record deliveries to it",
    { rule: 'importer_authorised_for_project' },
  );

const deliveryRecord = (row: writes.DeliveryRow): DeliveryRecord =>
  toDelivery(row.delivery, toProject(row.project, row.buyer), row.importer);

/**
 * The registry's writes: each command is one transaction (all or nothing, retried as a whole by
 * the driver), checks permissions and references inside it, and leaves an audit entry per change
 * and, for the changes buyers subscribe to, their notifications.
 */
export class RegistryCommands {
  private readonly visible: VisibleRecords;
  private readonly notices: ProjectNotices;
  private readonly duplicates: DuplicateSites;

  constructor(
    private readonly graph: Graph,
    maxDepth: number,
    settings: RegistrySettings,
  ) {
    this.visible = new VisibleRecords(maxDepth);
    this.notices = new ProjectNotices(maxDepth);
    this.duplicates = new DuplicateSites(maxDepth, settings.duplicateSiteDistanceM);
  }

  registerQuarry(viewer: Viewer, input: QuarryFields): Promise<QuarryRecord> {
    const { confirmNew, ...fields } = input;
    const id = randomUUID();
    return this.graph.writeTransaction(async (tx) => {
      await this.duplicates.checkNew(tx, viewer, 'Quarry', fields, confirmNew);
      const [area] = await knownAreas(tx, [fields]);
      const [row] = await tx.run(writes.upsertQuarries, {
        rows: [
          writes.withQuarryKeys({
            id,
            ...fields,
            region: area!.region,
            lat: fields.lat ?? null,
            lon: fields.lon ?? null,
            registeredBy: writes.registrant(viewer),
          }),
        ],
      });
      const node = row!.node;
      await recordChanges(tx, viewer, [
        { action: 'registerQuarry', recordKind: 'Quarry', recordId: id, before: null, after: node },
      ]);
      return { ...toQuarry(node), regionNotice: area!.notice };
    });
  }

  registerProcessor(viewer: Viewer, input: ProcessorFields): Promise<ProcessorRecord> {
    const { confirmNew, ...fields } = input;
    const id = randomUUID();
    return this.graph.writeTransaction(async (tx) => {
      await this.duplicates.checkNew(tx, viewer, 'Processor', fields, confirmNew);
      const [row] = await tx.run(writes.upsertProcessors, {
        rows: [writes.withProcessorKeys({ id, ...fields, registeredBy: writes.registrant(viewer) })],
      });
      await recordChanges(tx, viewer, [
        { action: 'registerProcessor', recordKind: 'Processor', recordId: id, before: null, after: row!.node },
      ]);
      return toProcessor(row!.node);
    });
  }

  registerImporter(viewer: Viewer, input: ImporterFields): Promise<ImporterRecord> {
    const id = randomUUID();
    return this.graph.writeTransaction(async (tx) => {
      const [row] = await tx.run(writes.upsertImporters, { rows: [{ id, ...input }] });
      await recordChanges(tx, viewer, [
        { action: 'registerImporter', recordKind: 'Importer', recordId: id, before: null, after: row!.node },
      ]);
      return toImporter(row!.node);
    });
  }

  registerBuyer(viewer: Viewer, input: BuyerFields): Promise<BuyerRecord> {
    const id = randomUUID();
    return this.graph.writeTransaction(async (tx) => {
      const [row] = await tx.run(writes.upsertBuyers, { rows: [{ id, ...input }] });
      await recordChanges(tx, viewer, [
        { action: 'registerBuyer', recordKind: 'Buyer', recordId: id, before: null, after: row!.node },
      ]);
      return toBuyer(row!.node);
    });
  }

  registerProject(viewer: Viewer, input: ProjectFields): Promise<ProjectRecord> {
    if (viewer.role === 'BUYER' && input.buyerId !== viewer.orgId)
      throw forbidden(viewer, 'register projects for another buyer');
    const id = randomUUID();
    return this.graph.writeTransaction(async (tx) => {
      const [buyer] = await tx.run(writes.buyerById, { id: input.buyerId });
      if (!buyer) throw notFound('Buyer', input.buyerId);
      const [row] = await tx.run(writes.upsertProjects, { rows: [{ id, ...input }] });
      await recordChanges(tx, viewer, [
        { action: 'registerProject', recordKind: 'Project', recordId: id, before: null, after: row!.node },
      ]);
      return toProject(row!.node, row!.buyer);
    });
  }

  registerSupplyLink(
    viewer: Viewer,
    input: SupplyLinkFields,
    idempotencyKey: string | null,
  ): Promise<SupplyLinkRecord> {
    if (viewer.role === 'MEMBER' && input.customerId !== viewer.orgId) {
      throw forbidden(viewer, 'declare suppliers of another organisation (customerId must be your own)');
    }
    const id = randomUUID();
    return this.graph.writeTransaction((tx) =>
      this.idempotent(
        tx,
        viewer,
        'registerSupplyLink',
        idempotencyKey,
        input,
        (resultId) => this.visible.link(tx, adminViewer, resultId),
        async () => {
          const sites = await this.visible.lockedSites(tx, viewer, [input.supplierId, input.customerId]);
          const supplier = sites.get(input.supplierId)!;
          const customer = sites.get(input.customerId)!;
          const problem = customerProblem(customer) ?? supplierProblem(supplier, customer.id, input.stoneType);
          if (problem) throw badInput(`input.${problem.field}`, problem.rule, problem.message);
          let link: Node | undefined;
          const row = { id, ...input, supplierId: supplier.id, customerId: customer.id };
          const placement = await registerSupplyLinks(tx, [row], async ([created]) => {
            link = created;
            await recordChanges(tx, viewer, [
              { action: 'registerSupplyLink', recordKind: 'SupplyLink', recordId: id, before: null, after: created! },
            ]);
            await this.notices.linksAdded(tx, [id]);
          });
          link ??= (await tx.run(writes.supplyLinkNode, { id: placement.existing.get(id)! }))[0]!.link;
          return toSupplyLink(link, supplier, customer);
        },
      ),
    );
  }

  endSupplyLink(viewer: Viewer, id: string, validTo: string): Promise<SupplyLinkRecord> {
    return this.updateLink(
      viewer,
      id,
      'endSupplyLink',
      (link) => {
        if (validTo < link.validFrom)
          throw badInput(
            'validTo',
            validToNotBeforeValidFrom.params.rule,
            `must not be before the link's validFrom ${link.validFrom}`,
          );
        return { validTo };
      },
      (tx) => this.notices.linkEnded(tx, id),
    );
  }

  updateSupplyLink(viewer: Viewer, id: string, annualVolumeTonnes: number | null): Promise<SupplyLinkRecord> {
    return this.updateLink(viewer, id, 'updateSupplyLink', () => ({ annualVolumeTonnes }));
  }

  updateQuarry(viewer: Viewer, givenId: string, fields: QuarryUpdate): Promise<QuarryRecord> {
    return this.graph.writeTransaction(async (tx) => {
      const id = (await this.visible.lockedSites(tx, viewer, [givenId])).get(givenId)!.id;
      const [current] = await tx.run(writes.quarryForUpdate, { id });
      if (!current) throw notFound('Quarry', id);
      if (viewer.role === 'MEMBER' && !current.registeredBy.includes(viewer.orgId ?? '')) {
        throw forbidden(viewer, 'correct a quarry it did not register');
      }
      const country = String(current.node.properties.country);
      const [area] = fields.region ? await knownAreas(tx, [{ country, region: fields.region }]) : [];
      const region = area?.region ?? null;
      const [row] = await tx.run(writes.setQuarryFields, {
        id,
        fields: {
          ...fields,
          region,
          nameKey: fields.name ? siteNameKey(fields.name) : null,
          regionKey: region === null ? null : areaKey(region),
        },
      });
      await recordChanges(tx, viewer, [
        { action: 'updateQuarry', recordKind: 'Quarry', recordId: id, before: current.node, after: row!.node },
      ]);
      return { ...toQuarry(row!.node), regionNotice: area?.notice ?? null };
    });
  }

  recordDelivery(viewer: Viewer, input: DeliveryFields, idempotencyKey: string | null): Promise<DeliveryRecord> {
    if (viewer.role === 'MEMBER' && input.importerId !== viewer.orgId) {
      throw forbidden(viewer, 'record deliveries of another importer (importerId must be your own)');
    }
    const id = randomUUID();
    // A replay returns the delivery also when it was cancelled since.
    const replay = async (tx: GraphTransaction, resultId: string) =>
      deliveryRecord((await tx.run(writes.deliveryForChange, { id: resultId }))[0]!);
    return this.graph.writeTransaction((tx) =>
      this.idempotent(
        tx,
        viewer,
        'recordDelivery',
        idempotencyKey,
        input,
        (resultId) => replay(tx, resultId),
        async () => {
          const importer = await this.visible.node(tx, viewer, input.importerId);
          if (importer.__typename !== 'Importer') {
            throw badInput('input.importerId', 'importer_kind', 'deliveries are recorded by an importer');
          }
          const authorised = await this.isAuthorised(tx, input.projectId, input.importerId);
          const [project] = await tx.run(writes.projectForDelivery, { id: input.projectId });
          // To an importer, a project it may not deliver to is refused alike whether it exists or not.
          if (!project && viewer.role !== 'MEMBER') throw notFound('Project', input.projectId);
          if (!project || !authorised) throw notAuthorisedToDeliver(input.importerId, input.projectId);
          const declaredOriginArea = await this.knownArea(tx, input.declaredOriginCountry, input.declaredOriginArea);
          const [row] = await tx.run(writes.createDelivery, { id, ...input, declaredOriginArea });
          await recordChanges(tx, viewer, [
            { action: 'recordDelivery', recordKind: 'Delivery', recordId: id, before: null, after: row!.delivery },
          ]);
          await this.notices.deliveryChanged(tx, 'DELIVERY_RECORDED', { ...project, ...row! });
          return toDelivery(row!.delivery, toProject(project.project, project.buyer), row!.importer);
        },
      ),
    );
  }

  correctDelivery(viewer: Viewer, id: string, fields: writes.DeliveryCorrectionFields): Promise<DeliveryRecord> {
    return this.graph.writeTransaction(async (tx) => {
      const current = await this.deliveryToChange(tx, viewer, id);
      const record = deliveryRecord(current);
      if (record.cancelledOn !== null) {
        throw badInput(
          'id',
          'delivery_not_cancelled',
          `delivery ${JSON.stringify(id)} was cancelled on ${record.cancelledOn}: record a new delivery instead`,
        );
      }
      const changes = Object.entries(fields).filter(
        ([field, value]) => value !== null && value !== record[field as keyof typeof fields],
      );
      if (changes.length === 0) return record;
      const [row] = await tx.run(writes.correctDelivery, { id, fields });
      await recordChanges(tx, viewer, [
        {
          action: 'correctDelivery',
          recordKind: 'Delivery',
          recordId: id,
          before: current.delivery,
          after: row!.delivery,
        },
      ]);
      return deliveryRecord({ ...current, delivery: row!.delivery });
    });
  }

  cancelDelivery(viewer: Viewer, id: string, reason: string): Promise<DeliveryRecord> {
    return this.graph.writeTransaction(async (tx) => {
      const current = await this.deliveryToChange(tx, viewer, id);
      if (current.delivery.labels.includes('CancelledDelivery')) return deliveryRecord(current);
      const [row] = await tx.run(writes.cancelDelivery, { id, reason });
      await recordChanges(tx, viewer, [
        {
          action: 'cancelDelivery',
          recordKind: 'Delivery',
          recordId: id,
          before: current.delivery,
          after: row!.delivery,
        },
      ]);
      await this.notices.deliveryChanged(tx, 'DELIVERY_CANCELLED', { ...current, delivery: row!.delivery });
      return deliveryRecord({ ...current, delivery: row!.delivery });
    });
  }

  authoriseImporter(viewer: Viewer, projectId: string, importerId: string): Promise<ImporterAuthorisationRecord> {
    return this.graph.writeTransaction(async (tx) => {
      const { project, importer } = await this.authorisationParties(tx, viewer, projectId, importerId);
      const key = writes.authorisationKey(projectId, importerId);
      const [claimed] = await tx.run(writes.claimAuthorisation, { id: randomUUID(), key, projectId, importerId });
      const before = claimed!.authorisation;
      if (isCurrent(before)) return toImporterAuthorisation(before, project, importer);
      const [row] = await tx.run(writes.grantAuthorisation, { key, role: viewer.role });
      const after = row!.authorisation;
      await recordChanges(tx, viewer, [
        {
          action: 'authoriseImporter',
          recordKind: 'ImporterAuthorisation',
          recordId: String(after.properties.id),
          before: before.properties.authorisedAt == null ? null : before,
          after,
        },
      ]);
      return toImporterAuthorisation(after, project, importer);
    });
  }

  withdrawImporterAuthorisation(
    viewer: Viewer,
    projectId: string,
    importerId: string,
  ): Promise<ImporterAuthorisationRecord> {
    return this.graph.writeTransaction(async (tx) => {
      const { project, importer } = await this.authorisationParties(tx, viewer, projectId, importerId);
      const key = writes.authorisationKey(projectId, importerId);
      const [current] = await tx.run(writes.authorisationForChange, { key });
      if (!current) throw notFound('ImporterAuthorisation', key);
      if (current.authorisation.properties.withdrawnAt != null)
        return toImporterAuthorisation(current.authorisation, project, importer);
      const [row] = await tx.run(writes.withdrawAuthorisation, { key });
      const after = row!.authorisation;
      await recordChanges(tx, viewer, [
        {
          action: 'withdrawImporterAuthorisation',
          recordKind: 'ImporterAuthorisation',
          recordId: String(after.properties.id),
          before: current.authorisation,
          after,
        },
      ]);
      return toImporterAuthorisation(after, project, importer);
    });
  }

  /**
   * The project (as the caller sees it: a BUYER only its own) and the importer. Any importer may be
   * named: a buyer sees no importer before it delivers, so it has the id from the importer itself.
   */
  private async authorisationParties(
    tx: GraphTransaction,
    viewer: Viewer,
    projectId: string,
    importerId: string,
  ): Promise<{ project: ProjectRecord; importer: Node }> {
    const project = await this.visible.project(tx, viewer, projectId);
    const [row] = await tx.run(writes.importerById, { id: importerId });
    if (!row) throw notFound('Importer', importerId);
    return { project, importer: row.importer };
  }

  /**
   * A declared quarry area as the registry spells it: the known area of the country that it names
   * ignoring diacritics, case and punctuation ("Thanh Hóa" for "thanh hoa"), else as written.
   */
  private async knownArea(tx: GraphTransaction, country: string | null, area: string | null): Promise<string | null> {
    if (country === null || area === null) return area;
    const [known] = await knownAreas(tx, [{ country, region: area }]);
    return known?.region ?? area;
  }

  /** Locks the pair's authorisation, so a concurrent withdrawal and this delivery do not interleave. */
  private async isAuthorised(tx: GraphTransaction, projectId: string, importerId: string): Promise<boolean> {
    const [row] = await tx.run(writes.authorisationForChange, { key: writes.authorisationKey(projectId, importerId) });
    return row !== undefined && isCurrent(row.authorisation);
  }

  /**
   * A delivery the caller may correct or cancel, locked: ADMIN any, a BUYER those to its projects,
   * a MEMBER its own while it is authorised for the project.
   */
  private async deliveryToChange(tx: GraphTransaction, viewer: Viewer, id: string): Promise<writes.DeliveryRow> {
    await this.visible.deliveryInAnyState(tx, viewer, id);
    const [row] = await tx.run(writes.deliveryForChange, { id });
    const projectId = String(row!.project.properties.id);
    if (viewer.role === 'MEMBER' && !(await this.isAuthorised(tx, projectId, String(row!.importer.properties.id)))) {
      throw forbidden(
        viewer,
        `correct or cancel deliveries to project ${JSON.stringify(projectId)}: its importer is no longer authorised for it`,
      );
    }
    return row!;
  }

  private async updateLink(
    viewer: Viewer,
    id: string,
    action: string,
    change: (link: SupplyLinkRecord) => Record<string, unknown>,
    notice?: (tx: GraphTransaction) => Promise<void>,
  ): Promise<SupplyLinkRecord> {
    return this.graph.writeTransaction(async (tx) => {
      await this.visible.link(tx, viewer, id);
      const [current] = await tx.run(writes.linkForUpdate, { id });
      const supplier = toChainNode(current!.supplier);
      const customer = toChainNode(current!.customer);
      if (viewer.role === 'MEMBER' && customer.id !== viewer.orgId)
        throw forbidden(viewer, 'change links of another organisation');
      const fields = change(toSupplyLink(current!.link, supplier, customer));
      const [row] = await tx.run(writes.setLinkFields, { id, fields });
      await recordChanges(tx, viewer, [
        { action, recordKind: 'SupplyLink', recordId: id, before: current!.link, after: row!.link },
      ]);
      await notice?.(tx);
      return toSupplyLink(row!.link, supplier, customer);
    });
  }

  /**
   * Runs `create` once per (organisation, key): a repeat with the same input returns the first
   * result, a repeat with different input is a CONFLICT. Without a key, `create` just runs.
   */
  private async idempotent<T extends { id: string }>(
    tx: GraphTransaction,
    viewer: Viewer,
    mutation: string,
    key: string | null,
    input: object,
    replay: (resultId: string) => Promise<T>,
    create: () => Promise<T>,
  ): Promise<T> {
    if (key === null) return create();
    const scopedKey = `${actorScope(viewer)}\u0000${key}`;
    const inputHash = createHash('sha256')
      .update(JSON.stringify([mutation, input]))
      .digest('hex');
    const [claim] = await tx.run(writes.claimIdempotencyKey, { scopedKey, mutation, inputHash });
    if (claim?.resultId) {
      if (claim.inputHash !== inputHash || claim.mutation !== mutation) {
        throw clientError(
          'CONFLICT',
          `idempotency key ${JSON.stringify(key)} was already used with a different input`,
          {
            idempotencyKey: key,
          },
        );
      }
      return replay(claim.resultId);
    }
    const result = await create();
    await tx.run(writes.settleIdempotencyKey, { scopedKey, resultId: result.id });
    return result;
  }
}
