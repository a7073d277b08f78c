/**
 * The dependency rule of ARCHITECTURE.md ("Layers and the dependency rule"), checked by
 * `npm run check`: a folder imports only from its own layer and the layers below it.
 * Layers from the bottom up; each entry is a path pattern relative to the checkout.
 */
const layers = [
  { name: 'shared', path: '^src/(shared/|paths\\.ts$|config\\.ts$)' },
  { name: 'platform', path: '^src/(db|errors|overload|graphql|edge|health|graphiql)/' },
  { name: 'auth', path: '^src/auth/' },
  { name: 'audit', path: '^src/audit/' },
  { name: 'notifications', path: '^src/notifications/' },
  { name: 'registry', path: '^src/registry/' },
  { name: 'trace', path: '^src/trace/' },
  { name: 'downstream', path: '^src/downstream/' },
  { name: 'risk', path: '^src/risk/' },
  { name: 'reporting', path: '^src/reporting/' },
  { name: 'sharing', path: '^src/sharing/' },
  { name: 'complaints', path: '^src/complaints/' },
  { name: 'composition', path: '^src/(seed/|cli/|app\\.ts$|main\\.ts$)' },
];

const upwards = layers.slice(0, -1).map((layer, index) => ({
  name: `${layer.name}-imports-above`,
  comment: `${layer.name} may not import from the layers above it (${layers
    .slice(index + 1)
    .map((above) => above.name)
    .join(', ')})`,
  severity: 'error',
  from: { path: layer.path },
  to: { path: layers.slice(index + 1).map((above) => above.path) },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...upwards,
    {
      name: 'no-circular',
      comment: 'modules may not depend on each other in a cycle, not even through types',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-orphans',
      comment: 'a module nothing imports is dead code (entry points excepted)',
      severity: 'error',
      from: { orphan: true, path: '^src/', pathNot: ['^src/(main|cli/[^/]+)\\.ts$', '\\.d\\.ts$', '\\.(m?js|html)$'] },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
