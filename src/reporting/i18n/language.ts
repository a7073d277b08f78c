import type { Catalogue } from './catalogue.js';
import { en } from './en.js';
import { nl } from './nl.js';

/** The languages the pages are written in; the first is the default. */
export const languages = ['en', 'nl'] as const;
export type Language = (typeof languages)[number];

const catalogues: Record<Language, Catalogue> = { en, nl };

const isLanguage = (value: string): value is Language => (languages as readonly string[]).includes(value);

/**
 * `?lang=` when it names a language of ours; else the most preferred of ours in Accept-Language
 * (`nl-BE` counts as `nl`); else English.
 */
export function chooseLanguage(lang: string | undefined, acceptLanguage: string | undefined): Language {
  if (lang !== undefined && isLanguage(lang.toLowerCase())) return lang.toLowerCase() as Language;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, order) => {
      const [tag = '', ...parameters] = part.trim().split(';');
      const q = parameters.map((p) => /^\s*q=([0-9.]+)\s*$/i.exec(p)?.[1]).find((value) => value !== undefined);
      return { primary: tag.trim().toLowerCase().split('-')[0] ?? '', q: q === undefined ? 1 : Number(q), order };
    })
    .filter(({ primary, q }) => isLanguage(primary) && q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order);
  return (ranked[0]?.primary as Language | undefined) ?? languages[0];
}

/** The headers of a page written in `language`, chosen by ?lang= or Accept-Language (so caches keep one per language). */
export const languageHeaders = (language: Language): Record<string, string> => ({
  'content-language': language,
  vary: 'Accept-Language',
});

/** A catalogue with the formats of its locale: what a page needs to write data for people. */
export interface Words {
  language: Language;
  text: Catalogue;
  /** 7 December 2026, from an ISO date. */
  date(isoDate: string): string;
  /** 7 Dec 2026, for tables. */
  shortDate(isoDate: string): string;
  /** 7 December 2026, 16:08 UTC, from an ISO timestamp. */
  dateTime(isoTimestamp: string): string;
  percent(share: number): string;
  tonnes(tonnes: number): string;
  quantity(amount: number, unit: string): string;
  country(code: string): string;
  stoneType(code: string): string;
  projectKind(code: string): string;
}

const SMALLEST_PERCENT = 0.001;

export function wordsFor(language: Language): Words {
  const text = catalogues[language];
  const { locale } = text;
  const dayOf = (isoDate: string): Date => new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
  const longDate = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
  const mediumDate = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const time = new Intl.DateTimeFormat(locale, {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: 'UTC',
  });
  const percent = new Intl.NumberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });
  const amount = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const countries = new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' });
  const lookUp = (labels: Record<string, string>, code: string): string => labels[code] ?? code;
  return {
    language,
    text,
    date: (isoDate) => longDate.format(dayOf(isoDate)),
    shortDate: (isoDate) => mediumDate.format(dayOf(isoDate)),
    dateTime: (isoTimestamp) => {
      const instant = new Date(isoTimestamp);
      return `${longDate.format(instant)}, ${time.format(instant)} UTC`;
    },
    // A share too small to show as 0.1 % is not shown as 0.0 %, which would read as none.
    percent: (share) =>
      share > 0 && share < SMALLEST_PERCENT / 2 ? `< ${percent.format(SMALLEST_PERCENT)}` : percent.format(share),
    tonnes: (tonnes) => `${amount.format(tonnes)} t`,
    quantity: (value, unit) => `${amount.format(value)} ${lookUp(text.units, unit)}`,
    country: (code) => countries.of(code) ?? code,
    stoneType: (code) => lookUp(text.stoneTypes, code),
    projectKind: (code) => lookUp(text.projectKinds, code),
  };
}
