import type { Node } from 'neo4j-driver';
import { viewerParam, type Viewer, type ViewerParam } from '../auth/viewer.js';
import { perRole, type Visibility } from '../auth/visibility.js';
import { cypher, type Graph } from '../db/graph.js';
import { toChainNode, type ChainNodeRecord } from '../registry/records.js';
import type { ComplaintStatus, RiskTheme } from '../shared/contract.generated.js';

/** An admitted complaint about a site a project's stone passed, as the project's buyer may read it. */
export interface ProjectComplaintRecord {
  reference: string;
  themes: RiskTheme[];
  status: ComplaintStatus;
  site: ChainNodeRecord | null;
  share: number | null;
}

/**
 * The complaints whose notice reached the project (written when each was admitted, so never a
 * RECEIVED or INADMISSIBLE one), the newest first, with the project's share that passed the site
 * and the site if the caller may see it. Nothing the complainant or the committee wrote is read.
 * A MEMBER's view of a project weighs only its own deliveries: it gets the complaints that reached
 * its own chain too, without the project's share, which would tell how much of the others'
 * deliveries passed the site.
 */
const projectComplaints = (visible: Visibility) =>
  cypher<
    { viewer: ViewerParam; projectId: string },
    { reference: string; themes: RiskTheme[]; status: ComplaintStatus; share: number | null; site: Node | null }
  >(
    'project_complaints',
    `MATCH (project:Project {id: $projectId})<-[notice:NOTIFIES]-(c:Complaint)
     WHERE ${visible.project('project')}
       AND ($viewer.role <> 'MEMBER' OR EXISTS { (c)-[:NOTIFIES]->(:ChainNode {id: $viewer.orgId}) })
     WITH c, notice ORDER BY c.receivedAt DESC, c.id DESC
     RETURN c.reference AS reference, c.themes AS themes, c.status AS status,
            CASE WHEN $viewer.role = 'MEMBER' THEN null ELSE notice.share END AS share,
            COLLECT { MATCH (c)-[:ABOUT]->(site:ChainNode) WHERE ${visible.chainNode('site')} RETURN site }[0] AS site`,
  );

/** The complaints on a project, as the caller may read them (see `projectComplaints`). */
export class ProjectComplaints {
  private readonly query;

  constructor(
    private readonly graph: Graph,
    maxDepth: number,
  ) {
    this.query = perRole(maxDepth, projectComplaints);
  }

  async of(viewer: Viewer, projectId: string): Promise<ProjectComplaintRecord[]> {
    const rows = await this.graph.read(this.query[viewer.role], { viewer: viewerParam(viewer), projectId });
    return rows.map((row) => ({ ...row, site: row.site ? toChainNode(row.site) : null }));
  }
}
