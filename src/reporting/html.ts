import { escapeHtml } from '../shared/html.js';

/**
 * Markup built from escaped parts, shared by the pages and the SVG figures: text written by users
 * (names, descriptions, citations) only ever reaches a page through `escapeHtml`, which serves SVG as well.
 */

/** Markup already built from escaped parts; a plain string is text and gets escaped. */
export interface Html {
  readonly html: string;
}
export type Cell = string | Html;

export const markup = (html: string): Html => ({ html });

export const cellHtml = (cell: Cell): string => (typeof cell === 'string' ? escapeHtml(cell) : cell.html);

/** A number written into SVG geometry: two decimals are far below a pixel, and keep the markup short. */
export const svgNumber = (value: number): string => String(Math.round(value * 100) / 100);
