import type { ComplaintText } from './catalogue.js';

export const en: ComplaintText = {
  title: 'File a complaint',
  intro:
    'Were you, or the people you speak for, harmed at a quarry or factory that supplies natural stone to the Netherlands or Flanders? Tell the covenant’s complaints and disputes committee. You need no account.',
  confidential:
    'The committee handles complaints confidentially and seeks dialogue first. Your contact details are seen by the committee only.',
  where: {
    legend: 'Where did it happen?',
    hint: 'Fill in one of the three: the site’s id, the company’s id, or, if you know no id, the country, area and place.',
    siteId: 'Site id (quarry or factory)',
    companyId: 'Company id (importer or processor)',
    country: 'Country (two-letter code, e.g. IN)',
    area: 'Quarry area or region',
    place: 'Place, in your own words',
  },
  themes: 'What is the complaint about?',
  description: 'What happened?',
  descriptionHint: 'At least 10 and at most 5000 characters.',
  occurredOn: 'When did it happen (or begin)?',
  contact: {
    legend: 'How can the committee reach you? (optional)',
    hint: 'Leave this empty to stay anonymous; you can follow your complaint with its reference and code.',
    name: 'Name or organisation',
    email: 'E-mail',
    phone: 'Telephone',
  },
  submit: 'File the complaint',
  problems: {
    intro: 'The complaint was not filed. Please check:',
    formExpired: 'The form had expired. Please send it again.',
    rateLimited: (minutes) =>
      `Too many complaints were filed from this connection. Please try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    fields: {
      where:
        'where it happened: fill in exactly one of the site id, the company id, or country, area and place (country as a two-letter code)',
      themes: 'what the complaint is about: tick at least one theme',
      description: 'what happened: 10 to 5000 characters',
      occurredOn: 'when it happened: a date not in the future',
      contact: 'your contact details: a valid e-mail address, and not too long',
    },
  },
  receipt: {
    title: 'Your complaint has been received',
    intro: 'The committee has received your complaint. Write down these two, or print this page:',
    reference: 'Reference',
    followUpCode: 'Follow-up code',
    keep: 'This code is shown only now: nobody, not even the committee, can show it to you again.',
    next: 'With the reference and the code you can see how your complaint stands and what the committee writes to you.',
    another: 'File another complaint',
  },
  status: {
    title: 'How does my complaint stand?',
    intro: 'Fill in the reference and the follow-up code you were given when you filed the complaint.',
    reference: 'Reference',
    followUpCode: 'Follow-up code',
    submit: 'Show',
    notFound: 'No complaint has this reference and follow-up code. Check both, and try again.',
    current: 'Status',
    notes: 'What the committee wrote to you',
    noNotes: 'The committee has not written to you yet.',
    names: {
      RECEIVED: 'Received: the committee will decide whether it takes up the complaint',
      ADMISSIBLE: 'Admissible: the committee takes up the complaint',
      INADMISSIBLE: 'Inadmissible: the committee does not take up the complaint',
      IN_DIALOGUE: 'In dialogue with the parties',
      RESOLVED: 'Resolved',
      CLOSED: 'Closed',
    },
  },
};
