/** The roles an API key can have; the configuration sets limits per role, auth decides what each may do. */
export const roles = ['ADMIN', 'MEMBER', 'BUYER', 'ANALYST'] as const;
export type Role = (typeof roles)[number];
