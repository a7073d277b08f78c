import type { Node } from 'neo4j-driver';
import type { ViewerParam } from '../auth/viewer.js';
import type { Visibility } from '../auth/visibility.js';
import { cypher } from '../db/graph.js';
import type { PageParams } from '../shared/pagination.js';

export interface AssessmentFilter {
  country: string | null;
  region: string | null;
  theme: string | null;
}

/** The baseline every trace inherits: COUNTRY and QUARRY_AREA assessments, by country then id. */
const baselineFilter = `assessment.targetKind IN ['COUNTRY', 'QUARRY_AREA']
       AND ($country IS NULL OR assessment.country = $country)
       AND ($region IS NULL OR assessment.region = $region)
       AND ($theme IS NULL OR assessment.theme = $theme)`;

export const baselineAssessmentsPage = cypher<AssessmentFilter & PageParams, { totalCount: number; page: Node[] }>(
  'risk_assessments_page',
  `CALL () { MATCH (assessment:RiskAssessment) WHERE ${baselineFilter} RETURN count(assessment) AS totalCount }
   CALL () {
     MATCH (assessment:RiskAssessment)
     WHERE ($afterKey IS NULL OR assessment.country > $afterKey OR (assessment.country = $afterKey AND assessment.id > $afterId))
       AND ${baselineFilter}
     WITH assessment ORDER BY assessment.country, assessment.id LIMIT $limit
     RETURN collect(assessment) AS page
   }
   RETURN totalCount, page`,
);

export interface ActionPlanPageRow {
  plan: Node;
  company: Node;
  target: Node;
  supplier: Node | null;
  customer: Node | null;
}

/** A company's plans at sites and links the viewer sees, soonest due first (no due date last). */
export function actionPlansPage(visible: Visibility) {
  const planned = `MATCH (company:ChainNode {id: $companyId})<-[:PLANNED_BY]-(plan:ActionPlan)-[:ADDRESSES]->(target)
       WHERE ((target:ChainNode AND ${visible.chainNode('target')}) OR (target:SupplyLink AND ${visible.supplyLink('target')}))`;
  return cypher<
    { viewer: ViewerParam; companyId: string; noDueDate: string } & PageParams,
    { totalCount: number; page: ActionPlanPageRow[] }
  >(
    'action_plans_page',
    `CALL () { ${planned} RETURN count(plan) AS totalCount }
     CALL () {
       ${planned}
       WITH company, plan, target, coalesce(toString(plan.dueDate), $noDueDate) AS dueKey
       WHERE $afterKey IS NULL OR dueKey > $afterKey OR (dueKey = $afterKey AND plan.id > $afterId)
       WITH company, plan, target ORDER BY dueKey, plan.id LIMIT $limit
       OPTIONAL MATCH (target)-[:SUPPLIER]->(supplier:ChainNode)
       OPTIONAL MATCH (target)-[:CUSTOMER]->(customer:ChainNode)
       RETURN collect({plan: plan, company: company, target: target, supplier: supplier, customer: customer}) AS page
     }
     RETURN totalCount, page`,
  );
}
