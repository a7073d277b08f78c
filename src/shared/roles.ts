import { Role } from './contract.generated.js';

/**
 * The roles an API key can have (enum Role in schema/registry.graphql); the configuration sets
 * limits per role, auth decides what each may do.
 */
export const roles: readonly Role[] = Object.values(Role);
export type { Role };
