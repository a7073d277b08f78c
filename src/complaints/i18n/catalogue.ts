import type { ComplaintStatus } from '../../shared/contract.generated.js';

/**
 * The words of the complaint form and its answers, one catalogue per language. A language is added
 * by writing its catalogue and listing it in reporting/i18n/language.ts: the form then follows
 * `?lang=` and Accept-Language like the reports.
 */
export interface ComplaintText {
  title: string;
  intro: string;
  confidential: string;
  where: {
    legend: string;
    hint: string;
    siteId: string;
    companyId: string;
    country: string;
    area: string;
    place: string;
  };
  themes: string;
  description: string;
  descriptionHint: string;
  occurredOn: string;
  contact: { legend: string; hint: string; name: string; email: string; phone: string };
  submit: string;
  problems: {
    intro: string;
    formExpired: string;
    /** `minutes`: when the address may file again. */
    rateLimited: (minutes: number) => string;
    /** What to check, per field of the input (see fieldOf in pages.ts). */
    fields: Record<'where' | 'themes' | 'description' | 'occurredOn' | 'contact', string>;
  };
  receipt: {
    title: string;
    intro: string;
    reference: string;
    followUpCode: string;
    keep: string;
    next: string;
    another: string;
  };
  status: {
    title: string;
    intro: string;
    reference: string;
    followUpCode: string;
    submit: string;
    notFound: string;
    current: string;
    notes: string;
    noNotes: string;
    names: Record<ComplaintStatus, string>;
  };
}
