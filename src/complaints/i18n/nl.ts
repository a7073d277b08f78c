import type { ComplaintText } from './catalogue.js';

export const nl: ComplaintText = {
  title: 'Een klacht indienen',
  intro:
    'Bent u, of zijn de mensen namens wie u spreekt, benadeeld bij een groeve of fabriek die natuursteen levert aan Nederland of Vlaanderen? Meld het bij de klachten- en geschillencommissie van het convenant. U hebt geen account nodig.',
  confidential:
    'De commissie behandelt klachten vertrouwelijk en zoekt eerst de dialoog. Uw contactgegevens ziet alleen de commissie.',
  where: {
    legend: 'Waar is het gebeurd?',
    hint: 'Vul één van de drie in: de id van de locatie, de id van het bedrijf, of, als u geen id kent, het land, het gebied en de plaats.',
    siteId: 'Id van de locatie (groeve of fabriek)',
    companyId: 'Id van het bedrijf (importeur of verwerker)',
    country: 'Land (code van twee letters, bijv. IN)',
    area: 'Groevegebied of regio',
    place: 'Plaats, in uw eigen woorden',
  },
  themes: 'Waar gaat de klacht over?',
  description: 'Wat is er gebeurd?',
  descriptionHint: 'Minstens 10 en hoogstens 5000 tekens.',
  occurredOn: 'Wanneer is het gebeurd (of begonnen)?',
  contact: {
    legend: 'Hoe kan de commissie u bereiken? (niet verplicht)',
    hint: 'Laat dit leeg om anoniem te blijven; u volgt uw klacht met het kenmerk en de code.',
    name: 'Naam of organisatie',
    email: 'E-mail',
    phone: 'Telefoon',
  },
  submit: 'Klacht indienen',
  problems: {
    intro: 'De klacht is niet ingediend. Controleer:',
    formExpired: 'Het formulier was verlopen. Verstuur het opnieuw.',
    rateLimited: (minutes) =>
      `Vanaf deze verbinding zijn te veel klachten ingediend. Probeer het over ${minutes} minu${minutes === 1 ? 'ut' : 'ten'} opnieuw.`,
    fields: {
      where:
        'waar het is gebeurd: vul precies één in van de id van de locatie, de id van het bedrijf, of land, gebied en plaats (het land als code van twee letters)',
      themes: 'waar de klacht over gaat: kruis minstens één thema aan',
      description: 'wat er is gebeurd: 10 tot 5000 tekens',
      occurredOn: 'wanneer het is gebeurd: een datum die niet in de toekomst ligt',
      contact: 'uw contactgegevens: een geldig e-mailadres, en niet te lang',
    },
  },
  receipt: {
    title: 'Uw klacht is ontvangen',
    intro: 'De commissie heeft uw klacht ontvangen. Schrijf deze twee op, of druk deze pagina af:',
    reference: 'Kenmerk',
    followUpCode: 'Volgcode',
    keep: 'Deze code ziet u alleen nu: niemand, ook de commissie niet, kan hem u opnieuw tonen.',
    next: 'Met het kenmerk en de code ziet u hoe uw klacht ervoor staat en wat de commissie u schrijft.',
    another: 'Nog een klacht indienen',
  },
  status: {
    title: 'Hoe staat mijn klacht ervoor?',
    intro: 'Vul het kenmerk en de volgcode in die u kreeg toen u de klacht indiende.',
    reference: 'Kenmerk',
    followUpCode: 'Volgcode',
    submit: 'Tonen',
    notFound: 'Er is geen klacht met dit kenmerk en deze volgcode. Controleer beide en probeer het opnieuw.',
    current: 'Status',
    notes: 'Wat de commissie u schreef',
    noNotes: 'De commissie heeft u nog niet geschreven.',
    names: {
      RECEIVED: 'Ontvangen: de commissie beslist of zij de klacht in behandeling neemt',
      ADMISSIBLE: 'Ontvankelijk: de commissie neemt de klacht in behandeling',
      INADMISSIBLE: 'Niet-ontvankelijk: de commissie neemt de klacht niet in behandeling',
      IN_DIALOGUE: 'In dialoog met de partijen',
      RESOLVED: 'Opgelost',
      CLOSED: 'Gesloten',
    },
  },
};
