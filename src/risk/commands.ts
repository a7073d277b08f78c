import { randomUUID } from 'node:crypto';
import { recordChanges } from '../audit/trail.js';
import { forbidden, type Viewer } from '../auth/viewer.js';
import type { Graph, GraphTransaction } from '../db/graph.js';
import { VisibleRecords } from '../registry/lookups.js';
import { toChainNode, type ChainNodeRecord, type SupplyLinkRecord } from '../registry/records.js';
import { notFound } from '../shared/errors.js';
import {
  todayUtc,
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

  constructor(
    private readonly graph: Graph,
    maxDepth: number,
  ) {
    this.visible = new VisibleRecords(maxDepth);
  }

  assessRisk(viewer: Viewer, input: RiskAssessmentFields): Promise<RiskAssessmentRecord> {
    const { target, assessedOn, ...fields } = input;
    const id = randomUUID();
    return this.graph.writeTransaction(async (tx) => {
      const attached: RiskTarget = {};
      if (target.kind === 'COUNTRY' || target.kind === 'QUARRY_AREA') {
        if (viewer.role === 'MEMBER') throw forbidden(viewer, 'assess countries or quarry areas (only its own sites and links)');
      } else if (target.kind === 'SITE') {
        attached.site = await this.visible.node(tx, viewer, target.siteId);
        if (viewer.role === 'MEMBER' && !(await this.isOwnSite(tx, viewer, target.siteId))) {
          throw forbidden(viewer, 'assess sites other than its own and those it registered');
        }
      } else {
        attached.link = await this.visible.link(tx, viewer, target.linkId);
        if (viewer.role === 'MEMBER' && attached.link.customer.id !== viewer.orgId) {
          throw forbidden(viewer, 'assess links other than its own (where it is the customer)');
        }
      }
      const [row] = await tx.run(writes.createRiskAssessment, {
        id,
        properties: { ...fields, targetKind: target.kind, assessedByRole: viewer.role, assessedByOrgId: viewer.orgId },
        assessedOn,
        country: 'country' in target ? target.country : null,
        region: target.kind === 'QUARRY_AREA' ? target.region : null,
        siteId: target.kind === 'SITE' ? target.siteId : null,
        linkId: target.kind === 'LINK' ? target.linkId : null,
      });
      await recordChanges(tx, viewer, [{ action: 'assessRisk', recordKind: 'RiskAssessment', recordId: id, before: null, after: row!.node }]);
      return toRiskAssessment(row!.node, attached);
    });
  }

  recordActionPlan(viewer: Viewer, input: ActionPlanFields): Promise<ActionPlanRecord> {
    if (viewer.role === 'MEMBER' && input.companyId !== viewer.orgId) {
      throw forbidden(viewer, 'record plans of another company (companyId must be your own)');
    }
    const { companyId, siteId, linkId, dueDate, ...properties } = input;
    const id = randomUUID();
    return this.graph.writeTransaction(async (tx) => {
      const company = await this.visible.node(tx, viewer, companyId);
      const target = await this.siteOrLink(tx, viewer, siteId, linkId);
      const [row] = await tx.run(writes.createActionPlan, { id, properties, dueDate, companyId, siteId, linkId });
      await recordChanges(tx, viewer, [{ action: 'recordActionPlan', recordKind: 'ActionPlan', recordId: id, before: null, after: row!.node }]);
      return toActionPlan(row!.node, company, target, todayUtc());
    });
  }

  updateActionPlan(viewer: Viewer, id: string, update: ActionPlanUpdate): Promise<ActionPlanRecord> {
    return this.graph.writeTransaction(async (tx) => {
      const [current] = await tx.run(writes.actionPlanForUpdate, { id });
      // Another company's plan is as absent as a plan that does not exist.
      if (!current || (viewer.role === 'MEMBER' && current.company.properties.id !== viewer.orgId)) throw notFound('ActionPlan', id);
      const { dueDate, ...fields } = update;
      const [row] = await tx.run(writes.setActionPlanFields, {
        id,
        fields: Object.fromEntries(Object.entries(fields).filter(([, value]) => value != null)),
        dueDate: dueDate ?? null,
      });
      await recordChanges(tx, viewer, [{ action: 'updateActionPlan', recordKind: 'ActionPlan', recordId: id, before: current.node, after: row!.node }]);
      const target = await this.siteOrLink(tx, viewer, current.site?.properties.id ?? null, current.link?.properties.id ?? null);
      return toActionPlan(row!.node, toChainNode(current.company), target, todayUtc());
    });
  }

  registerCertificate(viewer: Viewer, input: CertificateFields): Promise<CertificateRecord> {
    const { holderId, siteId, linkId, deliveryId, validFrom, validTo, ...properties } = input;
    const id = randomUUID();
    return this.graph.writeTransaction(async (tx) => {
      const holder = await this.visible.node(tx, viewer, holderId);
      const target: RiskTarget = deliveryId !== null ? { delivery: await this.visible.delivery(tx, viewer, deliveryId) } : await this.siteOrLink(tx, viewer, siteId, linkId);
      const scope = target.delivery ? 'DELIVERY' : target.site ? 'SITE' : 'LINK';
      const [row] = await tx.run(writes.createCertificate, {
        id,
        properties: { ...properties, scope },
        validFrom,
        validTo,
        holderId,
        siteId,
        linkId,
        deliveryId,
      });
      await recordChanges(tx, viewer, [{ action: 'registerCertificate', recordKind: 'Certificate', recordId: id, before: null, after: row!.node }]);
      return toCertificate(row!.node, holder, target, todayUtc());
    });
  }

  private async siteOrLink(tx: GraphTransaction, viewer: Viewer, siteId: unknown, linkId: unknown): Promise<{ site?: ChainNodeRecord; link?: SupplyLinkRecord }> {
    if (siteId != null) return { site: await this.visible.node(tx, viewer, String(siteId)) };
    return { link: await this.visible.link(tx, viewer, String(linkId)) };
  }

  private async isOwnSite(tx: GraphTransaction, viewer: Viewer, siteId: string): Promise<boolean> {
    const [row] = await tx.run(writes.ownSite, { siteId, orgId: viewer.orgId ?? '' });
    return row?.own === true;
  }
}
