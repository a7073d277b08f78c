import { requireRole, requireViewer, type RequestContext, type Role } from '../auth/viewer.js';
import { LOOKUP, PAGE, type FieldCosts } from '../graphql/cost.js';
import type { GraphqlModule } from '../graphql/plugin.js';
import type { MutationResolvers, QueryResolvers } from '../graphql/resolvers.generated.js';
import { badUserInput } from '../shared/errors.js';
import { parseArgs } from '../shared/validation.js';
import type { RegistryCommands } from './commands.js';
import type { SiteMerges } from './merges.js';
import type {
  BuyerRecord,
  DeliveryRecord,
  ImporterAuthorisationRecord,
  ImporterRecord,
  ProcessorRecord,
  ProjectRecord,
  QuarryRecord,
  SupplyLinkRecord,
} from './records.js';
import type { RegistryService } from './service.js';
import {
  authorisationArgs,
  buyerInput,
  byIdArgs,
  cancelDeliveryArgs,
  correctDeliveryArgs,
  countryPageArgs,
  pageOnlyArgs,
  endSupplyLinkArgs,
  importerInput,
  inputArgs,
  mergeSitesArgs,
  siteMergesArgs,
  processorInput,
  projectInput,
  quarriesArgs,
  quarryInput,
  quarryUpdateArgs,
  recordDeliveryArgs,
  registerSupplyLinkArgs,
  supplyLinksArgs,
  supplyLinkUpdateArgs,
} from './validation.js';

declare module '../graphql/records.js' {
  interface GraphqlRecords {
    Quarry: QuarryRecord;
    Processor: ProcessorRecord;
    Importer: ImporterRecord;
    Buyer: BuyerRecord;
    Project: ProjectRecord;
    SupplyLink: SupplyLinkRecord;
    Delivery: DeliveryRecord;
    ImporterAuthorisation: ImporterAuthorisationRecord;
  }
}

const readers: Role[] = ['ADMIN', 'ANALYST', 'MEMBER', 'BUYER'];
const adminOrMember: Role[] = ['ADMIN', 'MEMBER'];
const projectParties: Role[] = ['ADMIN', 'MEMBER', 'BUYER'];

/** What the fields resolved here cost (see graphql/cost.ts). */
export const registryCosts: FieldCosts = {
  Query: {
    viewer: 0,
    project: LOOKUP,
    quarry: LOOKUP,
    chainNode: LOOKUP,
    supplyLink: LOOKUP,
    projects: PAGE,
    quarries: PAGE,
    processors: PAGE,
    importers: PAGE,
    buyers: PAGE,
    supplyLinks: PAGE,
    siteMerges: PAGE,
  },
  // Batched per page by a loader, but the work grows with the projects asked for.
  Project: { deliveries: LOOKUP, authorisedImporters: LOOKUP },
  // A page per importer, all of them in one round trip.
  Importer: { deliveries: PAGE },
};

export function registryResolvers(
  registry: RegistryService,
  commands: RegistryCommands,
  merges: SiteMerges,
): GraphqlModule {
  return {
    resolvers: {
      Query: { ...queryResolvers(registry), ...mergeLogResolvers(merges) },
      Mutation: { ...mutationResolvers(commands), ...mergeResolvers(merges) },
    },
    loaders: {
      Project: {
        deliveries: (queries: { obj: ProjectRecord }[], ctx: RequestContext) =>
          registry.deliveriesOf(
            requireViewer(ctx),
            queries.map((q) => q.obj),
          ),
        authorisedImporters: (queries: { obj: ProjectRecord }[], ctx: RequestContext) =>
          registry.authorisationsOf(
            requireViewer(ctx),
            queries.map((q) => q.obj),
          ),
      },
      Importer: { deliveries: importerDeliveries(registry) },
    },
  };
}

/**
 * Importer.deliveries for a batch of importers, in one round trip. A bad page argument fails its
 * own field only, not the other importers' pages in the batch.
 */
const importerDeliveries =
  (registry: RegistryService) => async (queries: { obj: ImporterRecord; params: unknown }[], ctx: RequestContext) => {
    const viewer = requireViewer(ctx);
    const requests = queries.map(({ obj, params }) => {
      const parsed = pageOnlyArgs.safeParse(params);
      return parsed.success ? { importer: obj, page: parsed.data } : badUserInput(parsed.error);
    });
    const valid = requests.filter((request): request is Exclude<typeof request, Error> => !(request instanceof Error));
    const pages = await registry.deliveriesOfImporters(viewer, valid);
    return requests.map((request) => (request instanceof Error ? request : pages[valid.indexOf(request)]));
  };

/** The registry's reads: who may ask, the arguments, a call into the service. */
function queryResolvers(registry: RegistryService): QueryResolvers {
  return {
    viewer: (_root, _args, ctx) => {
      const viewer = requireViewer(ctx);
      return { keyId: viewer.keyId, role: viewer.role, organisationId: viewer.orgId };
    },
    project: (_root, args, ctx) =>
      registry.project(requireRole(ctx, readers, 'read projects'), parseArgs(byIdArgs, args).id),
    projects: (_root, args, ctx) => {
      const viewer = requireRole(ctx, readers, 'read projects');
      const { first, after } = parseArgs(pageOnlyArgs, args);
      return registry.projects(viewer, { first, after });
    },
    chainNode: (_root, args, ctx) => registry.chainNode(requireViewer(ctx), parseArgs(byIdArgs, args).id),
    quarry: (_root, args, ctx) => registry.quarry(requireViewer(ctx), parseArgs(byIdArgs, args).id),
    quarries: (_root, args, ctx) => {
      const viewer = requireViewer(ctx);
      const { first, after, country, stoneType } = parseArgs(quarriesArgs, args);
      return registry.quarries(viewer, { country, stoneType }, { first, after });
    },
    processors: (_root, args, ctx) => {
      const viewer = requireViewer(ctx);
      const { first, after, country } = parseArgs(countryPageArgs, args);
      return registry.processors(viewer, { country }, { first, after });
    },
    importers: (_root, args, ctx) => {
      const viewer = requireViewer(ctx);
      const { first, after, country } = parseArgs(countryPageArgs, args);
      return registry.importers(viewer, { country }, { first, after });
    },
    buyers: (_root, args, ctx) => {
      const viewer = requireViewer(ctx);
      const { first, after, country } = parseArgs(countryPageArgs, args);
      return registry.buyers(viewer, { country }, { first, after });
    },
    supplyLink: (_root, args, ctx) => registry.supplyLink(requireViewer(ctx), parseArgs(byIdArgs, args).id),
    supplyLinks: (_root, args, ctx) => {
      const viewer = requireViewer(ctx);
      const { first, after, customerId, supplierId } = parseArgs(supplyLinksArgs, args);
      return registry.supplyLinks(viewer, { customerId, supplierId }, { first, after });
    },
  };
}

/** The public log of merges: no key needed; with one, names where the caller sees the site. */
const mergeLogResolvers = (merges: SiteMerges): QueryResolvers => ({
  siteMerges: (_root, args, ctx) => merges.log(ctx.viewer, parseArgs(siteMergesArgs, args)),
});

const mergeResolvers = (merges: SiteMerges): MutationResolvers => ({
  mergeSites: (_root, args, ctx) => {
    const viewer = requireRole(ctx, ['ADMIN'], 'merge sites');
    const { keepId, mergeId, reason } = parseArgs(mergeSitesArgs, args);
    return merges.merge(viewer, keepId, mergeId, reason);
  },
});

/** The registry's writes: who may make each, the input, a call into the commands (one transaction each). */
/** The mutations that register a record of the chain: a site, a company, a project. */
function registrationResolvers(commands: RegistryCommands): MutationResolvers {
  return {
    registerQuarry: (_root, args, ctx) =>
      commands.registerQuarry(
        requireRole(ctx, adminOrMember, 'register quarries'),
        parseArgs(inputArgs(quarryInput), args).input,
      ),
    registerProcessor: (_root, args, ctx) =>
      commands.registerProcessor(
        requireRole(ctx, adminOrMember, 'register processors'),
        parseArgs(inputArgs(processorInput), args).input,
      ),
    registerImporter: (_root, args, ctx) =>
      commands.registerImporter(
        requireRole(ctx, ['ADMIN'], 'register importers'),
        parseArgs(inputArgs(importerInput), args).input,
      ),
    registerBuyer: (_root, args, ctx) =>
      commands.registerBuyer(
        requireRole(ctx, ['ADMIN'], 'register buyers'),
        parseArgs(inputArgs(buyerInput), args).input,
      ),
    registerProject: (_root, args, ctx) =>
      commands.registerProject(
        requireRole(ctx, ['ADMIN', 'BUYER'], 'register projects'),
        parseArgs(inputArgs(projectInput), args).input,
      ),
  };
}

/** The mutations that record what moves along the chain: supply links, deliveries, importer authorisations. */
function supplyResolvers(commands: RegistryCommands): MutationResolvers {
  return {
    registerSupplyLink: (_root, args, ctx) => {
      const viewer = requireRole(ctx, adminOrMember, 'register supply links');
      const { input, idempotencyKey } = parseArgs(registerSupplyLinkArgs, args);
      return commands.registerSupplyLink(viewer, input, idempotencyKey);
    },
    endSupplyLink: (_root, args, ctx) => {
      const viewer = requireRole(ctx, adminOrMember, 'end supply links');
      const { id, validTo } = parseArgs(endSupplyLinkArgs, args);
      return commands.endSupplyLink(viewer, id, validTo);
    },
    updateSupplyLink: (_root, args, ctx) => {
      const viewer = requireRole(ctx, adminOrMember, 'change supply links');
      const { id, input } = parseArgs(supplyLinkUpdateArgs, args);
      return commands.updateSupplyLink(viewer, id, input.annualVolumeTonnes);
    },
    updateQuarry: (_root, args, ctx) => {
      const viewer = requireRole(ctx, adminOrMember, 'correct quarries');
      const { id, input } = parseArgs(quarryUpdateArgs, args);
      return commands.updateQuarry(viewer, id, input);
    },
    recordDelivery: async (_root, args, ctx) => {
      const viewer = requireRole(ctx, adminOrMember, 'record deliveries');
      const { input, idempotencyKey } = parseArgs(recordDeliveryArgs, args);
      return commands.recordDelivery(viewer, input, idempotencyKey);
    },
    correctDelivery: (_root, args, ctx) => {
      const viewer = requireRole(ctx, projectParties, 'correct deliveries');
      const { id, input } = parseArgs(correctDeliveryArgs, args);
      return commands.correctDelivery(viewer, id, input);
    },
    cancelDelivery: (_root, args, ctx) => {
      const viewer = requireRole(ctx, projectParties, 'cancel deliveries');
      const { id, reason } = parseArgs(cancelDeliveryArgs, args);
      return commands.cancelDelivery(viewer, id, reason);
    },
    authoriseImporter: (_root, args, ctx) => {
      const viewer = requireRole(ctx, ['ADMIN', 'BUYER'], 'authorise importers');
      const { projectId, importerId } = parseArgs(authorisationArgs, args);
      return commands.authoriseImporter(viewer, projectId, importerId);
    },
    withdrawImporterAuthorisation: (_root, args, ctx) => {
      const viewer = requireRole(ctx, ['ADMIN', 'BUYER'], 'withdraw importer authorisations');
      const { projectId, importerId } = parseArgs(authorisationArgs, args);
      return commands.withdrawImporterAuthorisation(viewer, projectId, importerId);
    },
  };
}

const mutationResolvers = (commands: RegistryCommands): MutationResolvers => ({
  ...registrationResolvers(commands),
  ...supplyResolvers(commands),
});
