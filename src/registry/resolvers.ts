import type { IResolvers, MercuriusLoaders } from 'mercurius';
import { parseArgs } from '../shared/validation.js';
import type { ProjectRecord } from './records.js';
import type { RegistryService } from './service.js';
import { byIdArgs, projectsArgs, quarriesArgs } from './validation.js';

export function registryResolvers(registry: RegistryService): { resolvers: IResolvers; loaders: MercuriusLoaders } {
  return {
    resolvers: {
      Query: {
        project: (_root, args) => registry.project(parseArgs(byIdArgs, args).id),
        projects: (_root, args) => {
          const { first, after } = parseArgs(projectsArgs, args);
          return registry.projects({ first, after });
        },
        quarry: (_root, args) => registry.quarry(parseArgs(byIdArgs, args).id),
        quarries: (_root, args) => {
          const { first, after, country, stoneType } = parseArgs(quarriesArgs, args);
          return registry.quarries({ country, stoneType }, { first, after });
        },
      },
    },
    loaders: {
      Project: {
        deliveries: (queries: { obj: ProjectRecord }[]) => registry.deliveriesOf(queries.map((q) => q.obj)),
      },
    },
  };
}
