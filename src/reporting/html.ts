/**
 * Markup built from escaped parts, shared by the pages and the SVG figures: text written by users
 * (names, descriptions, citations) only ever reaches a page through `escape`.
 */

/** Markup already built from escaped parts; a plain string is text and gets escaped. */
export interface Html {
  readonly html: string;
}
export type Cell = string | Html;

export const markup = (html: string): Html => ({ html });

/** Text for an element's content or a quoted attribute value, in HTML and in SVG alike. */
export const escape = (text: string): string =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');

export const cellHtml = (cell: Cell): string => (typeof cell === 'string' ? escape(cell) : cell.html);

/** A number written into SVG geometry: two decimals are far below a pixel, and keep the markup short. */
export const svgNumber = (value: number): string => String(Math.round(value * 100) / 100);
