import type { KeyStore } from '../../src/auth/keys.js';
import { ms, percentile } from './stats.js';

/** A page of projects with each one's traced share: the list that would cost one trace per project. */
const PROJECTS_WITH_TRACES = `query ProjectsWithTraces($after: String) {
  projects(first: 50, after: $after) { nodes { id trace { tracedShare } } pageInfo { endCursor hasNextPage } }
}`;

interface ProjectsPage {
  data?: { projects?: { pageInfo: { endCursor: string | null; hasNextPage: boolean } } } | null;
  errors?: { message: string }[];
}

/** `requests` pages of 50 projects with their traces as an ADMIN, one after another (walking the pages): p50 and p99. */
export async function benchProjectListTraces(url: string, keys: KeyStore, requests: number): Promise<string> {
  const { token } = await keys.issue('ADMIN', null, 'stonetrace-bench');
  const times: number[] = [];
  let after: string | null = null;
  for (let i = 0; i < requests; i++) {
    const start = performance.now();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: PROJECTS_WITH_TRACES, variables: { after } }),
    });
    const body = (await response.json()) as ProjectsPage;
    times.push(performance.now() - start);
    const page = body.data?.projects;
    if (response.status !== 200 || body.errors?.length || !page) {
      return `projects(first: 50) { nodes { trace { tracedShare } } }: not measured, HTTP ${response.status}: ${JSON.stringify(body.errors ?? body).slice(0, 300)}`;
    }
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  }
  return `projects(first: 50) { nodes { trace { tracedShare } } } as ADMIN, ${requests} pages in turn: p50 ${ms(percentile(times, 50))} ms, p99 ${ms(percentile(times, 99))} ms`;
}
