import type { Role } from '../auth/viewer.js';
import type { GraphiqlTab } from '../graphiql/plugin.js';
import { seedId } from './dataset.js';

/** The project the trace and due-diligence tabs open on: a project of the sample data whose "Belgian" bluestone comes from Vietnam. */
export const exampleProjectId = seedId('project-amsterdam-quay-wall');
/** The sample MEMBER's importer, which registers a chain in its tab. */
const exampleImporterId = seedId('importer-nl-gracht-stone');
/** A granite quarry in Fujian that fed two projects of the sample data. */
const exampleQuarryId = seedId('quarry-cn-hui-an-1');

const trace = `# Where does the stone of this project come from?
# (A sample project; list the others with
# { projects { nodes { id name } } }.)
query Trace {
  trace(projectId: "${exampleProjectId}") {
    project { name city buyer { name } }
    tracedShare
    origins {
      share
      quarry { name country region location { lat lon } }
      paths { nodes { __typename name country } }
    }
    gaps { share stoneType node { __typename name country } }
  }
}
`;

const dueDiligence = `# A buyer's three questions for one project: where does
# the stone come from, which risks attach to it, and what
# do the suppliers do about them?
# Printable at /projects/<id>/report.
query DueDiligence {
  dueDiligence(projectId: "${exampleProjectId}") {
    referenceDate dataVersion
    origins { tracedShare countries { country share } areas { country region share } }
    risks { theme highestResidualLevel share locations { node { name } } evidence { description source } }
    gaps { share node { name } }
    measures {
      actionPlans { company { name } themes status dueDate overdue site { name } }
      certificates { scheme holder { name } status daysToExpiry }
    }
  }
}
`;

const registerChain = `# Registering a chain, as the sample importer (its
# MEMBER key is in the Headers pane). Run the operations
# in turn from the run button's menu: see your suppliers,
# register a quarry you source from, then declare the
# supply link with the id registerQuarry answered
# (in the Variables pane).
query RegisterChain($me: ID!) {
  viewer { role organisationId }
  supplyLinks(customerId: $me) { totalCount nodes { supplier { name country } stoneType validFrom validTo } }
}

mutation RegisterQuarry {
  registerQuarry(input: { name: "Thanh Liem Quarry (sample)", country: "VN", region: "Ha Nam",
                          lat: 20.47, lon: 105.91, stoneTypes: [BLUESTONE] }) { id name }
}

mutation DeclareSupplyLink($quarryId: ID!, $me: ID!) {
  registerSupplyLink(
    input: { supplierId: $quarryId, customerId: $me, stoneType: BLUESTONE,
             validFrom: "2026-01-01", annualVolumeTonnes: 800 }
    idempotencyKey: "supplier-list-2026-row-1"
  ) { id validFrom supplier { name } customer { name } }
}
`;

const downstream = `# Which projects got stone from this quarry, and how
# much of each project's delivered mass passed through it?
# Shares are 0 to 1, as the projects' traces give them;
# masses are in tonnes.
query Downstream {
  downstream(siteId: "${exampleQuarryId}") {
    site { name country }
    projects { project { name city } share massTonnes }
    importers { importer { name } massTonnes }
    buyers { buyer { name } massTonnes }
  }
}
`;

const publicList = `# The covenant's yearly public list of quarry areas:
# no key needed. Also as CSV at
# /reports/quarry-areas/2025.csv.
query PublicList {
  quarryAreaReport(year: 2025) {
    year
    rows { country area label companies }
  }
}
`;

const bearer = (token: string | undefined): string | undefined =>
  token ? JSON.stringify({ Authorization: `Bearer ${token}` }, null, 2) : undefined;

/**
 * The tabs GraphiQL opens with, one per task of the README: a trace, due diligence, registering a
 * chain, downstream and the public list. With the sample keys (`tokens`, on loopback only) each tab
 * carries the key it needs in its headers: the MEMBER's to register a chain, else the ANALYST's.
 */
export function graphiqlTabs(tokens: Partial<Record<Role, string>>): GraphiqlTab[] {
  const analyst = bearer(tokens.ANALYST);
  const withHeaders = (tab: GraphiqlTab, headers: string | undefined): GraphiqlTab =>
    headers ? { ...tab, headers } : tab;
  return [
    withHeaders({ query: trace }, analyst),
    withHeaders({ query: dueDiligence }, analyst),
    withHeaders(
      {
        query: registerChain,
        variables: JSON.stringify({ me: exampleImporterId, quarryId: 'the id registerQuarry answered' }, null, 2),
      },
      bearer(tokens.MEMBER),
    ),
    withHeaders({ query: downstream }, analyst),
    // Empty rather than absent: GraphiQL would fill in the first tab's key, and the list is public.
    { query: publicList, headers: '' },
  ];
}
