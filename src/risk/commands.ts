import { randomUUID } from 'node:crypto';
import { recordChanges } from '../audit/trail.js';
import { todayUtc } from '../shared/dates.js';
import { forbidden, type Viewer } from '../auth/viewer.js';
import type { Graph, GraphTransaction } from '../db/graph.js';
import { VisibleRecords } from '../registry/lookups.js';
import { toChainNode, type ChainNodeRecord, type SupplyLinkRecord } from '../registry/records.js';
import { badInput, notFound } from '../shared/errors.js';
import {
  toActionPlan,
  toCertificate,
  toRiskAssessment,
  type ActionPlanRecord,
  type CertificateRecord,
  type RiskAssessmentRecord,
  type RiskTarget,
} from './records.js';
import type { ActionPlanFields, ActionPlanUpdate, CertificateFields, RiskAssessmentFields } from './validation.js';
import * as writes from './writes.js';

/**
 * Risk assessments, action plans and certificates: each command is one transaction that checks
 * permissions and references inside it and leaves an audit entry (as the registry's commands do).
 */
export class RiskCommands {
  private readonly visible: VisibleRecords;
  private readonly holderSuppliesDelivery;

  constructor(
    private readonly graph: Graph,
    maxDepth: number,
  ) {
    this.visible = new VisibleRecords(maxDepth);
    this.holderSuppliesDelivery = writes.holderSuppliesDelivery(maxDepth);
  }

  assessRisk(viewer: Viewer, input: RiskAssessmentFields): Promise<RiskAssessmentRecord> {
    const { target, assessedOn, ...fields } = input;
    const id = randomUUID();
    return this.graph.writeTransaction(async (tx) => {
      const attached: RiskTarget = {};
      if (target.kind === 'COUNTRY' || target.kind === 'QUARRY_AREA') {
        if (viewer.role === 'MEMBER')
          throw forbidden(viewer, 'assess countries or quarry areas (only its own sites and links)');
        if (target.kind === 'QUARRY_AREA') await this.requireQuarryArea(tx, target.country, target.region);
      } else if (target.kind === 'SITE') {
        attached.site = await this.lockedSite(tx, viewer, target.siteId);
        if (viewer.role === 'MEMBER' && !(await this.isOwnSite(tx, viewer, attached.site.id))) {
          throw forbidden(viewer, 'assess sites other than its own and those it registered');
        }
      } else {
        attached.link = await this.visible.link(tx, viewer, target.linkId);
        if (viewer.role === 'MEMBER' && attached.link.customer.id !== viewer.orgId) {
          throw forbidden(viewer, 'assess links other than its own (where it is the customer)');
        }
      }
      const [row] = await tx.run(writes.upsertRiskAssessments, {
        rows: [
          {
            id,
            ...fields,
            assessedOn,
            targetKind: target.kind,
            country: 'country' in target ? target.country : null,
            region: target.kind === 'QUARRY_AREA' ? target.region : null,
            // The site found, which for a merged site's id is the site it was merged into.
            siteId: attached.site?.id ?? null,
            linkId: target.kind === 'LINK' ? target.linkId : null,
            assessedByRole: viewer.role,
            assessedByOrgId: viewer.orgId,
          },
        ],
      });
      await recordChanges(tx, viewer, [
        { action: 'assessRisk', recordKind: 'RiskAssessment', recordId: id, before: null, after: row!.node },
      ]);
      return toRiskAssessment(row!.node, attached);
    });
  }

  recordActionPlan(viewer: Viewer, input: ActionPlanFields): Promise<ActionPlanRecord> {
    if (viewer.role === 'MEMBER' && input.companyId !== viewer.orgId) {
      throw forbidden(viewer, 'record plans of another company (companyId must be your own)');
    }
    const id = randomUUID();
    return this.graph.writeTransaction(async (tx) => {
      const company = await this.visible.node(tx, viewer, input.companyId);
      const target = await this.siteOrLink(tx, viewer, input.siteId, input.linkId);
      const [row] = await tx.run(writes.upsertActionPlans, {
        rows: [{ id, ...input, companyId: company.id, siteId: target.site?.id ?? null }],
      });
      await recordChanges(tx, viewer, [
        { action: 'recordActionPlan', recordKind: 'ActionPlan', recordId: id, before: null, after: row!.node },
      ]);
      return toActionPlan(row!.node, company, target, todayUtc());
    });
  }

  updateActionPlan(viewer: Viewer, id: string, update: ActionPlanUpdate): Promise<ActionPlanRecord> {
    return this.graph.writeTransaction(async (tx) => {
      const [current] = await tx.run(writes.actionPlanForUpdate, { id });
      // Another company's plan is as absent as a plan that does not exist.
      if (!current || (viewer.role === 'MEMBER' && current.company.properties.id !== viewer.orgId))
        throw notFound('ActionPlan', id);
      const { dueDate, ...fields } = update;
      const [row] = await tx.run(writes.setActionPlanFields, {
        id,
        fields: Object.fromEntries(Object.entries(fields).filter(([, value]) => value != null)),
        dueDate: dueDate ?? null,
      });
      await recordChanges(tx, viewer, [
        { action: 'updateActionPlan', recordKind: 'ActionPlan', recordId: id, before: current.node, after: row!.node },
      ]);
      // The secretariat may have placed the plan where the company does not see: then it stays unnamed.
      const target: RiskTarget = current.siteId
        ? { site: await this.visible.findNode(tx, viewer, current.siteId) }
        : { link: current.linkId ? await this.visible.findLink(tx, viewer, current.linkId) : null };
      return toActionPlan(row!.node, toChainNode(current.company), target, todayUtc());
    });
  }

  registerCertificate(viewer: Viewer, input: CertificateFields): Promise<CertificateRecord> {
    const { siteId, linkId, deliveryId } = input;
    const id = randomUUID();
    return this.graph.writeTransaction(async (tx) => {
      const holder = await this.visible.node(tx, viewer, input.holderId);
      const holderId = holder.id;
      const target: RiskTarget =
        deliveryId !== null
          ? { delivery: await this.visible.delivery(tx, viewer, deliveryId) }
          : await this.siteOrLink(tx, viewer, siteId, linkId);
      const scope = target.delivery ? 'DELIVERY' : target.site ? 'SITE' : 'LINK';
      if (target.site && target.site.id !== holderId) {
        throw badInput(
          'input.holderId',
          'holder_scope',
          'a site certificate is held by the certified site: holderId must equal siteId',
        );
      }
      if (target.link && target.link.supplier.id !== holderId && target.link.customer.id !== holderId) {
        throw badInput(
          'input.holderId',
          'holder_scope',
          "a link certificate is held by the link's supplier or customer",
        );
      }
      if (target.delivery && !(await this.suppliesDelivery(tx, holderId, target.delivery.id))) {
        throw badInput(
          'input.holderId',
          'holder_scope',
          'a delivery certificate is held by the delivering importer or a company upstream of it',
        );
      }
      // A certificate lowers risks on every chain through its holder: a company registers only its own.
      if (viewer.role === 'MEMBER' && !(await this.isOwnSite(tx, viewer, holderId))) {
        throw forbidden(
          viewer,
          'register certificates held by another company (the holder must be itself or a site it registered)',
        );
      }
      const [row] = await tx.run(writes.upsertCertificates, {
        rows: [{ id, ...input, holderId, siteId: target.site?.id ?? null, scope }],
      });
      await recordChanges(tx, viewer, [
        { action: 'registerCertificate', recordKind: 'Certificate', recordId: id, before: null, after: row!.node },
      ]);
      return toCertificate(row!.node, holder, target, todayUtc());
    });
  }

  /**
   * The site evidence attaches to, locked against a concurrent merge (a merged id standing for the
   * kept site): an assessment, plan or certificate never lands on a site a merge is retiring.
   */
  private async lockedSite(tx: GraphTransaction, viewer: Viewer, id: string): Promise<ChainNodeRecord> {
    return (await this.visible.lockedSites(tx, viewer, [id])).get(id)!;
  }

  /** Validation guarantees exactly one of the two ids. */
  private async siteOrLink(
    tx: GraphTransaction,
    viewer: Viewer,
    siteId: string | null,
    linkId: string | null,
  ): Promise<{ site?: ChainNodeRecord; link?: SupplyLinkRecord }> {
    if (siteId !== null) return { site: await this.lockedSite(tx, viewer, siteId) };
    return { link: await this.visible.link(tx, viewer, linkId as string) };
  }

  private async suppliesDelivery(tx: GraphTransaction, holderId: string, deliveryId: string): Promise<boolean> {
    const [row] = await tx.run(this.holderSuppliesDelivery, { holderId, deliveryId });
    return row?.supplies === true;
  }

  private async requireQuarryArea(tx: GraphTransaction, country: string, region: string): Promise<void> {
    const [row] = await tx.run(writes.quarryAreaExists, { country, region });
    if (!row?.exists) {
      throw badInput(
        'input.region',
        'known_quarry_area',
        `no quarry in ${country} has the region ${JSON.stringify(region)}; a quarry area is named exactly as its quarries name their region`,
      );
    }
  }

  private async isOwnSite(tx: GraphTransaction, viewer: Viewer, siteId: string): Promise<boolean> {
    const [row] = await tx.run(writes.ownSite, { siteId, orgId: viewer.orgId ?? '' });
    return row?.own === true;
  }
}
