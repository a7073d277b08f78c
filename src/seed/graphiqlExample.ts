import { seedId } from './dataset.js';

/** The query GraphiQL opens with: a project of the sample data whose bluestone comes from Vietnam. */
export const exampleProjectId = seedId('project-amsterdam-quay-wall');

export const exampleTraceQuery = `# Where does the stone of this project come from?
# (A project of the sample data; list others with { projects { nodes { id name } } }.)
{
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
