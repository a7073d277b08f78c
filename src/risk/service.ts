import { standInViewers, viewerParam, type Viewer } from '../auth/viewer.js';
import { perRole } from '../auth/visibility.js';
import type { Graph } from '../db/graph.js';
import { toChainNode, toSupplyLink } from '../registry/records.js';
import { pageParams, toConnection, type Connection, type PageRequest } from '../shared/pagination.js';
import { actionPlansPage, baselineAssessmentsPage, type ActionPlanPageRow, type AssessmentFilter } from './queries.js';
import { todayUtc } from '../shared/dates.js';
import {
  NO_DUE_DATE,
  toActionPlan,
  toRiskAssessment,
  type ActionPlanRecord,
  type RiskAssessmentRecord,
} from './records.js';

function planFromRow(
  { plan, company, target, supplier, customer }: ActionPlanPageRow,
  today: string,
): ActionPlanRecord {
  const onLink = target.labels.includes('SupplyLink') && supplier !== null && customer !== null;
  return toActionPlan(
    plan,
    toChainNode(company),
    onLink
      ? { link: toSupplyLink(target, toChainNode(supplier), toChainNode(customer)) }
      : { site: toChainNode(target) },
    today,
  );
}

/** Reads of risk records outside a trace: the baseline assessments and a company's plans. */
export class RiskReads {
  private readonly plansPage;

  constructor(
    private readonly graph: Graph,
    maxDepth: number,
  ) {
    this.plansPage = perRole(maxDepth, actionPlansPage);
  }

  async baselineAssessments(filter: AssessmentFilter, page: PageRequest): Promise<Connection<RiskAssessmentRecord>> {
    const [row] = await this.graph.read(baselineAssessmentsPage, { ...filter, ...pageParams(page) });
    const assessments = (row?.page ?? []).map((node) => toRiskAssessment(node));
    return toConnection(assessments, page.first, row?.totalCount ?? 0, (a) => a.country ?? '');
  }

  async actionPlans(viewer: Viewer, companyId: string, page: PageRequest): Promise<Connection<ActionPlanRecord>> {
    const [row] = await this.graph.read(this.plansPage[viewer.role], {
      viewer: viewerParam(viewer),
      companyId,
      noDueDate: NO_DUE_DATE,
      ...pageParams(page),
    });
    const today = todayUtc();
    const plans = (row?.page ?? []).map((r) => planFromRow(r, today));
    return toConnection(plans, page.first, row?.totalCount ?? 0, (plan) => plan.dueDate ?? NO_DUE_DATE);
  }

  /** Plans the visibility-laden query of every role ahead of the first request. */
  async warmUp(): Promise<void> {
    await Promise.all(
      standInViewers.map((viewer) =>
        this.actionPlans(viewer, 'stand-in', { first: 1, after: null }).catch(() => undefined),
      ),
    );
  }
}
