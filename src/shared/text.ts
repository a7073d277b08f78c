/**
 * A place name as people compare it: without diacritics, case or repeated spaces, so "Thanh Hóa",
 * "thanh hoa" and "Thanh  Hoa" fold to the same text.
 */
export const foldName = (name: string): string =>
  name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
