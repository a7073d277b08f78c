import Fastify, { type FastifyInstance } from 'fastify';
import { auditCosts, auditResolvers } from './audit/resolvers.js';
import { AuditService } from './audit/service.js';
import { ComplaintCommands } from './complaints/commands.js';
import { complaintCosts, complaintResolvers } from './complaints/resolvers.js';
import { complaintRoutes } from './complaints/routes.js';
import { Complaints } from './complaints/service.js';
import { KeyStore } from './auth/keys.js';
import { authPlugin } from './auth/plugin.js';
import { sessionPlugin } from './auth/sessionPlugin.js';
import type { Role, Viewer } from './auth/viewer.js';
import type { AppConfig } from './config.js';
import { graphPlugin } from './db/plugin.js';
import { downstreamCosts, downstreamResolvers } from './downstream/resolvers.js';
import { DownstreamService } from './downstream/service.js';
import { browserPolicyPlugin } from './edge/browserPolicy.js';
import { rateLimitPlugin } from './edge/rateLimits.js';
import { errorPlugin } from './errors/plugin.js';
import { graphiqlPlugin } from './graphiql/plugin.js';
import { mergeFieldCosts } from './graphql/cost.js';
import { graphqlPlugin, type GraphqlModule } from './graphql/plugin.js';
import { warmUpGraphqlLayer } from './graphql/warmUp.js';
import { healthPlugin } from './health/plugin.js';
import { WebhookCommands } from './notifications/commands.js';
import { notificationCosts, notificationResolvers } from './notifications/resolvers.js';
import { Notifications } from './notifications/service.js';
import { webhookWorkerPlugin } from './notifications/worker.js';
import { warmUpReadTimeoutMs, withReadTimeout } from './health/warmUp.js';
import type { Graph } from './db/graph.js';
import { overloadPlugin } from './overload/plugin.js';
import { ProjectComplaints } from './reporting/complaints.js';
import { DueDiligence } from './reporting/dueDiligence.js';
import { SectorProgress } from './reporting/progress.js';
import { QuarryAreaReport } from './reporting/quarryAreas.js';
import { reportingCosts, reportingResolvers } from './reporting/resolvers.js';
import { reportingRoutes } from './reporting/routes.js';
import { RegistryCommands } from './registry/commands.js';
import { SiteMerges } from './registry/merges.js';
import { supplyLinkImportRoute } from './registry/importRoute.js';
import { registryCosts, registryResolvers } from './registry/resolvers.js';
import { RegistryService } from './registry/service.js';
import { SupplyLinkImport } from './registry/supplyLinkImport.js';
import { RiskCommands } from './risk/commands.js';
import { riskCosts, riskResolvers } from './risk/resolvers.js';
import { RiskReads } from './risk/service.js';
import { traceEvidencePart } from './risk/traceEvidence.js';
import { graphiqlTabs } from './seed/graphiqlExample.js';
import { ReportLinkCommands } from './sharing/commands.js';
import { sharingCosts, sharingResolvers } from './sharing/resolvers.js';
import { sharedReportRoutes } from './sharing/routes.js';
import { ReportLinks } from './sharing/service.js';
import { traceCosts, traceResolvers } from './trace/resolvers.js';
import { TraceService } from './trace/service.js';
import { traceWarmUpRequest, warmUpTraces } from './trace/warmUp.js';

/** What every field of the API costs, from the price tables of the domains that resolve them. */
export const fieldCosts = mergeFieldCosts([
  registryCosts,
  traceCosts,
  downstreamCosts,
  auditCosts,
  notificationCosts,
  riskCosts,
  reportingCosts,
  sharingCosts,
  complaintCosts,
]);

/** Share links a project page lists, the newest first; the rest are a query away. */
const listedShareLinks = 20;

/** Projects the signed-in page links to; the rest are a query away. */
const signedInProjects = 50;

/** What the signed-in page lists: the pages of the projects the caller sees, each linking to its printable report. */
const projectPages = (registry: RegistryService) => async (viewer: Viewer) => {
  const projects = await registry.projects(viewer, { first: signedInProjects, after: null });
  return {
    pages: projects.nodes.map((project) => ({
      href: `/projects/${encodeURIComponent(project.id)}`,
      label: project.name,
    })),
    more: projects.totalCount - projects.nodes.length,
  };
};

export interface BuildOptions {
  /** Pino logger options or false; tests pass false, or a stream to read what is logged. */
  logger?: boolean | { level: string; stream?: { write(line: string): void } };
  /** The keys GraphiQL's tabs start with, by role (the sample data's demonstration keys in development). */
  graphiqlTokens?: Partial<Record<Role, string>>;
  /** Plan the read queries once Neo4j is migrated, `/readyz` saying 503 until then, so first requests are fast (off in tests). */
  warmUp?: boolean;
}

/** The whole service as a Fastify instance, one plugin per concern; tests drive it with `app.inject`. */
/** What every request meets before any domain: errors, overload, Neo4j, browser policy, rate limits, the caller's key. */
async function registerPlatform(app: FastifyInstance, config: AppConfig): Promise<void> {
  await app.register(errorPlugin);
  await app.register(overloadPlugin, { capacity: config.capacity });
  await app.register(graphPlugin, { neo4j: config.neo4j, capacity: config.capacity });
  await app.register(browserPolicyPlugin, { corsOrigins: config.edge.corsOrigins });
  await app.register(rateLimitPlugin, config.edge.rateLimits);
  await app.register(authPlugin, {
    unknownKeyTtlMs: config.edge.unknownKeyTtlMs,
    keyCacheTtlMs: config.edge.keyCacheTtlMs,
  });
}

/**
 * What `/readyz` waits for: the reads, each planned on `planning` (a graph with the warm-up's
 * longer time limit), and one request through the GraphQL layer.
 */
const warmUps = (app: FastifyInstance, planning: Graph, config: AppConfig): (() => Promise<unknown>)[] => [
  () => warmUpGraphqlLayer(app, traceWarmUpRequest.document, traceWarmUpRequest.variables),
  () => new KeyStore(planning).warmUp(),
  () => new RegistryService(planning, config.trace.maxDepth).warmUp(),
  () => warmUpTraces(planning, new TraceService(planning, config.trace, traceEvidencePart)),
  () => new DownstreamService(planning, config.trace).warmUp(),
  () => new RiskReads(planning, config.trace.maxDepth).warmUp(),
];

/** The services the routes and the GraphQL modules share, one of each per app. */
function domainServices(graph: Graph, config: AppConfig) {
  const { maxDepth } = config.trace;
  const traces = new TraceService(graph, config.trace, traceEvidencePart);
  const downstream = new DownstreamService(graph, config.trace);
  return {
    registry: new RegistryService(graph, maxDepth),
    traces,
    quarryAreas: new QuarryAreaReport(graph, maxDepth, config.report.minCompanies),
    progress: new SectorProgress(graph, maxDepth, config.report.minCompanies),
    dueDiligence: new DueDiligence(traces, new ProjectComplaints(graph, maxDepth)),
    downstream,
    riskReads: new RiskReads(graph, maxDepth),
    reportLinks: new ReportLinks(graph),
    complaints: new Complaints(graph),
    complaintCommands: new ComplaintCommands(graph, downstream),
  };
}

/** Every domain's resolvers and loaders, over the shared services. */
function graphqlModules(graph: Graph, config: AppConfig, services: ReturnType<typeof domainServices>): GraphqlModule[] {
  const { maxDepth } = config.trace;
  return [
    registryResolvers(
      services.registry,
      new RegistryCommands(graph, maxDepth, config.registry),
      new SiteMerges(graph, maxDepth),
    ),
    traceResolvers(services.traces),
    downstreamResolvers(services.downstream),
    auditResolvers(new AuditService(graph)),
    notificationResolvers(
      new Notifications(graph),
      new WebhookCommands(graph, config.webhooks),
      config.webhooks.allowPrivate,
    ),
    riskResolvers(services.riskReads, new RiskCommands(graph, maxDepth)),
    reportingResolvers(services.quarryAreas, services.dueDiligence, services.progress),
    sharingResolvers(services.reportLinks, new ReportLinkCommands(graph), config.publicUrl),
    complaintResolvers(services.complaints, services.complaintCommands),
  ];
}

export async function buildApp(config: AppConfig, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? { level: config.logLevel },
    bodyLimit: 1_048_576,
    trustProxy: config.edge.trustProxy,
    requestTimeout: config.capacity.requestTimeoutMs,
  });
  await registerPlatform(app, config);

  const { maxDepth } = config.trace;
  const services = domainServices(app.graph, config);
  const { registry, traces, quarryAreas, progress, dueDiligence, reportLinks, complaints, complaintCommands } =
    services;
  await app.register(sessionPlugin, { idleTimeoutMs: config.sessions.idleTimeoutMs, pagesOf: projectPages(registry) });
  await app.register(healthPlugin, {
    warmUp: options.warmUp ? warmUps(app, withReadTimeout(app.graph, warmUpReadTimeoutMs), config) : [],
  });
  await app.register(graphqlPlugin, {
    limits: config.graphql,
    costs: fieldCosts,
    modules: graphqlModules(app.graph, config, services),
  });
  await app.register(reportingRoutes, {
    report: quarryAreas,
    progress,
    dueDiligence,
    traces,
    shareLinksOf: (viewer, projectId) =>
      reportLinks.managedBy(viewer, projectId, { first: listedShareLinks, after: null }),
  });
  await app.register(sharedReportRoutes, { links: reportLinks, dueDiligence });
  await app.register(complaintRoutes, { commands: complaintCommands, complaints });
  await app.register(supplyLinkImportRoute, {
    importer: new SupplyLinkImport(app.graph, maxDepth, config.csvImport, config.capacity.importTimeoutMs),
    maxBytes: config.csvImport.maxBytes,
  });
  await app.register(graphiqlPlugin, {
    endpoint: '/graphql',
    tabs: graphiqlTabs(options.graphiqlTokens ?? {}),
  });
  await app.register(webhookWorkerPlugin, { settings: config.webhooks });
  return app;
}
