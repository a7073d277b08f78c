import type { ShareLink } from '../../src/trace/compute.js';

/** A link for share computation, named `supplier>customer`; no declared volume unless given. */
export const shareLink = (
  supplierId: string,
  customerId: string,
  annualVolumeTonnes: number | null = null,
): ShareLink => ({
  id: `${supplierId}>${customerId}`,
  supplierId,
  customerId,
  annualVolumeTonnes,
});

/** In hand-built share chains, quarries are the nodes whose id starts with q. */
export const isQuarry = (id: string): boolean => id.startsWith('q');
