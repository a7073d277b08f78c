/**
 * The record each GraphQL object type resolves from, for the generated resolver types
 * (resolvers.generated.ts): `Project` resolves from `ProjectRecord`, and so on. The domain that
 * hands a type out declares it here by declaration merging, from its resolvers.ts:
 *
 *   declare module '../graphql/records.js' {
 *     interface GraphqlRecords { Project: ProjectRecord }
 *   }
 *
 * so the GraphQL layer names the domains' records without importing the domains above it. A type
 * listed in scripts/codegen.ts (`recordTypes`) but declared by no domain fails the type-check.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the domains
export interface GraphqlRecords {}
