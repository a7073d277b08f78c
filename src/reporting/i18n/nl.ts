import type { Catalogue } from './catalogue.js';

export const nl: Catalogue = {
  locale: 'nl-NL',
  languageName: 'Nederlands',

  themes: {
    DISCRIMINATION_GENDER: 'Discriminatie en gender',
    CHILD_LABOUR: 'Kinderarbeid',
    FORCED_LABOUR: 'Dwangarbeid',
    LIVING_WAGE: 'Leefbaar loon',
    FREEDOM_OF_ASSOCIATION: 'Vrijheid van vakvereniging',
    HEALTH_SAFETY: 'Gezondheid en veiligheid',
    LAND_RIGHTS: 'Landrechten',
    ENVIRONMENT: 'Milieu',
    UNKNOWN_ORIGIN: 'Onbekende herkomst',
  },
  levels: { LOW: 'Laag', MEDIUM: 'Middel', HIGH: 'Hoog', SEVERE: 'Ernstig' },
  planStatuses: { PLANNED: 'Gepland', IN_PROGRESS: 'In uitvoering', DONE: 'Afgerond' },
  certificateSchemes: { FAIR_STONE: 'Fair Stone', XERTIFIX: 'XertifiX', IGEP: 'IGEP', OTHER: 'Anders' },
  certificateStatuses: { VALID: 'geldig', NOT_YET_VALID: 'nog niet geldig', EXPIRED: 'verlopen' },
  expiresIn: (days) => (days === 0 ? '⚠ Verloopt vandaag' : `⚠ Verloopt over ${days} dag${days === 1 ? '' : 'en'}`),
  projectKinds: {
    PLAZA: 'Plein',
    FACADE: 'Gevel',
    MONUMENT: 'Monument',
    STREET: 'Straat',
    BRIDGE: 'Brug',
    INTERIOR: 'Interieur',
    LANDSCAPE: 'Landschapsinrichting',
    OTHER: 'Overige werken',
  },
  stoneTypes: {
    BLUESTONE: 'Hardsteen (blauwe steen)',
    GRANITE: 'Graniet',
    SANDSTONE: 'Zandsteen',
    MARBLE: 'Marmer',
    LIMESTONE: 'Kalksteen',
    QUARTZITE: 'Kwartsiet',
    SLATE: 'Leisteen',
    BASALT: 'Basalt',
    TRAVERTINE: 'Travertijn',
    GNEISS: 'Gneis',
  },
  units: { T: 't', M2: 'm²', M3: 'm³', PIECES: 'stuks' },
  nodeKinds: { Quarry: 'Groeve', Processor: 'Verwerker', Importer: 'Importeur' },
  bases: {
    COUNTRY: 'Land',
    QUARRY_AREA: 'Groevegebied',
    SITE: 'Locatie',
    LINK: 'Schakel',
    TRACE_GAP: 'Onderbreking in de herleiding',
    DECLARED_ORIGIN: 'Opgegeven herkomst weersproken door de herleiding',
    COMPLAINT: 'Ontvankelijke klacht',
  },
  targets: { COUNTRY: 'Land', QUARRY_AREA: 'Groevegebied', SITE: 'Locatie', LINK: 'Schakel', DELIVERY: 'Levering' },
  yes: 'ja',
  no: 'nee',
  anotherCompany: 'een ander bedrijf',

  reportTitle: (project) => `Due diligence-rapport: ${project}`,
  pageTitle: (project) => project,
  facts: { kind: 'Soort project', city: 'Plaats', country: 'Land', buyer: 'Opdrachtgever' },
  madeOn: (dateTime, referenceDate, dataVersion) =>
    `Opgesteld op ${dateTime} (peildatum ${referenceDate}) uit gegevensversie ${dataVersion}.`,

  nothingDelivered: {
    heading: 'Nog niets geleverd',
    text:
      'Voor dit project is nog geen levering geregistreerd, dus er is nog geen steen herleid. ' +
      "Dit document zegt daarom niets over de herkomst van de steen, over onderbrekingen in de keten of over risico's: " +
      'dat kan pas zodra de importeurs hun leveringen hebben geregistreerd.',
  },

  deliveries: {
    heading: 'Leveringen',
    summary: (count, tonnes) => `${count} levering${count === 1 ? '' : 'en'}, samen ${tonnes}.`,
    columns: {
      deliveredOn: 'Geleverd op',
      stoneType: 'Steensoort',
      quantity: 'Hoeveelheid',
      mass: 'Massa',
      importer: 'Importeur',
    },
  },

  originMismatches: {
    heading: 'Opgegeven herkomst weersproken door de herleiding',
    intro:
      'Voor deze leveringen vermeldt de leveringsbon een herkomst, maar de keten die ons is opgegeven herleidt (een deel van) de steen tot groeven elders. ' +
      'Dit kan herkomstfraude zijn, zoals steen die als Belgisch hardsteen wordt verkocht maar in het buitenland is gewonnen. Vraag de importeur om uitleg voordat u de steen aanvaardt.',
    columns: {
      delivery: 'Levering',
      declared: 'Opgegeven herkomst',
      traced: 'Herleid tot',
      elsewhere: 'Aandeel elders herleid',
      untraced: 'Aandeel niet herleid',
    },
    delivery: (date, stoneType, tonnes, importer) => `${date}, ${stoneType}, ${tonnes} (${importer})`,
    declared: (country, area) => (area === null ? country : `${area}, ${country}`),
    tracedTo: (place, share) => `${place}: ${share}`,
    limits:
      'Aandelen zijn delen van de massa van de levering. Massa die tot geen enkele groeve is herleid, telt niet als elders: de herkomst ervan is onbekend. ' +
      'Zowel de opgegeven herkomst als de leveringsschakels zijn wat bedrijven opgeven; geen van beide wordt hier gecontroleerd.',
  },

  origins: {
    heading: 'Waar de steen vandaan komt',
    traced: (share) => `${share} van de geleverde massa is herleid tot een groeve.`,
    untracedRest: (share) => `De herkomst van de overige ${share} is onbekend: zie de onderbrekingen hieronder.`,
    countries: 'Landen',
    areas: 'Groevegebieden',
    quarries: 'Groeven',
    columns: { country: 'Land', region: 'Regio', quarry: 'Groeve', share: 'Aandeel' },
    map: {
      title: 'Kaart van de groeven waar de steen vandaan komt',
      quarry: 'Groeve',
      gap: 'Waar de herleiding stopt (geplaatst in het land van dat bedrijf)',
      approximate: 'Groeve zonder coördinaten (geplaatst in haar land)',
      size: 'De oppervlakte van een markering is evenredig met haar aandeel in de geleverde massa.',
    },
    mapQuarry: (name, region, country, share) => `${name}, ${region} (${country}): ${share}`,
    mapGap: (name, kind, country, share) => `${name} (${kind}, ${country}): herkomst van ${share} onbekend`,
  },

  chain: {
    heading: 'De keten',
    intro:
      'Elke band is één route van de steen, van een groeve via verwerkers en importeurs naar het project; de breedte is evenredig met het aandeel in de geleverde massa. ' +
      'Elke locatie heeft de kleur van het hoogste restrisico dat er geldt.',
    sankey: {
      title: 'De toeleveringsketen als Sankey-diagram',
      levelHeading: 'Hoogste restrisico op de locatie',
      noAssessment: 'Niet beoordeeld',
      unknownOrigin: 'Onbekende herkomst',
      tracedBand: 'Herleid tot een groeve',
      gapBand: 'Herkomst onbekend (onderbreking)',
    },
    site: (name, kind, country, level) => `${name} (${kind}, ${country}): hoogste restrisico ${level}`,
    pathsHeading: 'Routes',
    pathColumns: { path: 'Route (groeve → importeur)', share: 'Aandeel' },
    gapsHeading: 'Onderbrekingen (onbekende herkomst)',
    gapColumns: { node: 'Waar de herleiding stopt', kind: 'Soort', stoneType: 'Steensoort', share: 'Aandeel' },
    noGaps: 'Geen onderbrekingen: elke geleverde ton is herleid tot een groeve.',
  },

  risks: {
    heading: "Welke risico's eraan verbonden zijn",
    columns: {
      theme: 'Thema',
      level: 'Hoogste restniveau',
      where: 'Waar',
      share: 'Aandeel van de massa',
      why: 'Waarom het geldt',
    },
    none: 'Voor geen enkele locatie of schakel van deze keten is een risico beoordeeld.',
    gapReason: (sites, share) =>
      `De herleiding stopt bij ${sites}: niemand kan zeggen waar ${share} van de geleverde massa is gewonnen, of onder welke omstandigheden.`,
    complaintReason: (sites) =>
      `De klachten- en geschillencommissie van het convenant heeft een klacht over ${sites} ontvankelijk verklaard die dit thema noemt.`,
    originFraud:
      'Waar de steen wel tot een groeve is herleid, is dit geen onderbreking in de herleiding: het is het risico dat de herkomst die in de keten wordt opgegeven niet klopt (herkomstfraude), ' +
      'vastgesteld voor het land of gebied dat hieronder staat. Controleer de herkomst bij de groeve zelf.',
    declaredOriginReason: (deliveries) =>
      `De opgegeven herkomst van ${deliveries} wordt door de herleiding weersproken: zie „Opgegeven herkomst weersproken door de herleiding” hierboven.`,
    sitesHeading: "Risico's per locatie",
    sitesIntro:
      "Elke locatie en schakel van de keten met haar risico's: het vastgestelde niveau en daarna het restniveau, één stap lager waar een afgerond plan van aanpak of een geldig certificaat het thema daar dekt.",
    siteColumns: {
      site: 'Locatie of schakel',
      share: 'Aandeel van de massa erdoorheen',
      risks: 'Thema: niveau → restniveau',
    },
    levelToResidual: (theme, level, residual) => `${theme}: ${level} → ${residual}`,
    loweredBy: { plan: 'afgerond plan van aanpak', certificate: 'geldig certificaat' },
    noSiteRisks: 'Op geen enkele locatie of schakel van deze keten is een risico beoordeeld.',
    evidenceHeading: 'Onderbouwing',
    evidenceColumns: {
      theme: 'Thema',
      level: 'Niveau',
      target: 'Grondslag / onderwerp',
      description: 'Beschrijving',
      source: 'Bron',
      assessedOn: 'Beoordeeld op',
    },
    severityLikelihood: (severity, likelihood) => `(ernst ${severity}, waarschijnlijkheid ${likelihood})`,
    noEvidence: 'Geen risicobeoordelingen geregistreerd.',
  },

  complaints: {
    heading: 'Klachten over locaties in deze keten',
    intro:
      'Klachten die de klachten- en geschillencommissie van het convenant ontvankelijk heeft verklaard over een locatie waar een deel van de steen van dit project doorheen ging, herleid zoals op de dag waarop volgens de klacht de gebeurtenis plaatsvond. De commissie behandelt ze vertrouwelijk: wie klaagde en wat er geschreven is, staat hier niet.',
    columns: {
      reference: 'Kenmerk',
      themes: "Thema's",
      site: 'Locatie',
      status: 'Status',
      share: 'Aandeel van de steen van het project',
    },
    statuses: {
      RECEIVED: 'Ontvangen',
      ADMISSIBLE: 'Ontvankelijk',
      INADMISSIBLE: 'Niet ontvankelijk',
      IN_DIALOGUE: 'In dialoog',
      RESOLVED: 'Opgelost',
      CLOSED: 'Gesloten',
    },
    unknown: 'onbekend',
  },

  measures: {
    heading: 'Wat de leveranciers doen',
    plansHeading: 'Plannen van aanpak',
    planColumns: {
      company: 'Bedrijf',
      themes: "Thema's",
      where: 'Waar',
      description: 'Beschrijving',
      status: 'Status',
      due: 'Uiterlijk',
      collective: 'Collectief',
      evidence: 'Bewijs',
    },
    overdue: 'te laat',
    noPlans: 'Geen plannen van aanpak geregistreerd.',
    certificatesHeading: 'Certificaten',
    certificateColumns: {
      scheme: 'Keurmerk',
      holder: 'Houder',
      scope: 'Reikwijdte',
      valid: 'Geldig',
      themes: "Thema's",
      reference: 'Kenmerk',
      status: 'Status',
    },
    noCertificates: 'Geen certificaten geregistreerd.',
  },

  page: {
    links: { report: 'Afdrukbaar rapport', geojson: 'Herkomst als GeoJSON' },
    shareLinks: {
      heading: 'Deellinks',
      none: 'Voor dit project is nog geen deellink gemaakt.',
      columns: { id: 'Link', created: 'Gemaakt op', expiresOn: 'Laatste dag', status: 'Status' },
      active: 'Opent het rapport',
      expired: 'Verlopen',
      revokedOn: (date) => `Ingetrokken op ${date}`,
      more: (count) => `en nog ${count} oudere, op te vragen met de query reportLinks.`,
      howTo:
        'Een deellink opent het afdrukbare rapport van dit project zonder sleutel. Maak er een met de mutatie createReportLink: het adres wordt alleen dan getoond. Trek een link in met revokeReportLink en het id van de link.',
    },
  },

  footer:
    'Restniveau: één stap lager waar een afgerond plan van aanpak of een geldig certificaat het thema op die locatie of schakel dekt; nooit lager dan dat, want een certificaat is bewijs, geen garantie. ' +
    'Aandelen zijn delen van de geleverde massa van het project.',

  progress: {
    title: 'Hoeveel van de keten bekend is',
    lead: (year, factory, quarry, companies) =>
      `In ${year} is ${factory} van de aanvoer van de importeurs bekend tot een fabriek en ${quarry} tot een groeve (${companies} importeurs).`,
    suppressedLead: (year) => `De cijfers over ${year} berusten op te weinig bedrijven om te publiceren.`,
    chartTitle: 'Aandeel van de aanvoer van de importeurs dat bekend is tot een fabriek en tot een groeve, per jaar',
    factoryLine: 'Bekend tot een fabriek',
    quarryLine: 'Bekend tot een groeve',
    notShown: 'niet getoond (te weinig bedrijven)',
    point: (line, year, share) => `${line}, ${year}: ${share}`,
    columns: {
      year: 'Jaar',
      weighting: 'Gewogen naar',
      companies: 'Importeurs',
      factory: 'Bekend tot een fabriek',
      quarry: 'Bekend tot een groeve',
    },
    weightings: { VOLUME: 'opgegeven volume', LINKS: 'aantal schakels' },
    csv: 'Deze cijfers als CSV',
    definitionsHeading: 'Wat de cijfers betekenen',
    definitions: [
      'Een leveringsschakel van een importeur telt mee in een jaar als hij in dat jaar ergens geldig was.',
      'Hij is bekend tot een fabriek als zijn leverancier een fabriek of een groeve is, of als een keten van opgegeven leveringsschakels van dezelfde steensoort, geldig in dat jaar, van zijn leverancier naar een fabriek of groeve leidt; bekend tot een groeve evenzo. Ketens die langer zijn dan de grens van de herleiding tellen niet.',
      'Schakels wegen naar hun opgegeven jaarvolume als elke schakel van het jaar er een opgeeft, en tellen anders elk even zwaar.',
      'Bekend betekent opgegeven door de bedrijven, niet gecontroleerd. Een cijfer wordt alleen gepubliceerd als het op genoeg bedrijven berust dat geen enkel bedrijf erin te herkennen is.',
    ],
  },
};
