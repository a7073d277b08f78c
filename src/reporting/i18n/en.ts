import type { Catalogue } from './catalogue.js';

export const en: Catalogue = {
  locale: 'en-GB',
  languageName: 'English',

  themes: {
    DISCRIMINATION_GENDER: 'Discrimination & gender',
    CHILD_LABOUR: 'Child labour',
    FORCED_LABOUR: 'Forced labour',
    LIVING_WAGE: 'Living wage',
    FREEDOM_OF_ASSOCIATION: 'Freedom of association',
    HEALTH_SAFETY: 'Health & safety',
    LAND_RIGHTS: 'Land rights',
    ENVIRONMENT: 'Environment',
    UNKNOWN_ORIGIN: 'Unknown origin',
  },
  levels: { LOW: 'Low', MEDIUM: 'Medium', HIGH: 'High', SEVERE: 'Severe' },
  planStatuses: { PLANNED: 'Planned', IN_PROGRESS: 'In progress', DONE: 'Done' },
  certificateSchemes: { FAIR_STONE: 'Fair Stone', XERTIFIX: 'XertifiX', IGEP: 'IGEP', OTHER: 'Other' },
  certificateStatuses: { VALID: 'valid', NOT_YET_VALID: 'not yet valid', EXPIRED: 'expired' },
  expiresIn: (days) => (days === 0 ? '⚠ Expires today' : `⚠ Expires in ${days} day${days === 1 ? '' : 's'}`),
  projectKinds: {
    PLAZA: 'Square',
    FACADE: 'Facade',
    MONUMENT: 'Monument',
    STREET: 'Street',
    BRIDGE: 'Bridge',
    INTERIOR: 'Interior',
    LANDSCAPE: 'Landscaping',
    OTHER: 'Other works',
  },
  stoneTypes: {
    BLUESTONE: 'Bluestone',
    GRANITE: 'Granite',
    SANDSTONE: 'Sandstone',
    MARBLE: 'Marble',
    LIMESTONE: 'Limestone',
    QUARTZITE: 'Quartzite',
    SLATE: 'Slate',
    BASALT: 'Basalt',
    TRAVERTINE: 'Travertine',
    GNEISS: 'Gneiss',
  },
  units: { T: 't', M2: 'm²', M3: 'm³', PIECES: 'pieces' },
  nodeKinds: { Quarry: 'Quarry', Processor: 'Processor', Importer: 'Importer' },
  bases: {
    COUNTRY: 'Country',
    QUARRY_AREA: 'Quarry area',
    SITE: 'Site',
    LINK: 'Link',
    TRACE_GAP: 'Gap in the trace',
    DECLARED_ORIGIN: 'Declared origin contradicted by the trace',
    COMPLAINT: 'Admitted complaint',
  },
  targets: { COUNTRY: 'Country', QUARRY_AREA: 'Quarry area', SITE: 'Site', LINK: 'Link', DELIVERY: 'Delivery' },
  yes: 'yes',
  no: 'no',
  anotherCompany: 'another company',

  reportTitle: (project) => `Due-diligence report: ${project}`,
  pageTitle: (project) => project,
  facts: { kind: 'Kind of project', city: 'City', country: 'Country', buyer: 'Buyer' },
  madeOn: (dateTime, referenceDate, dataVersion) =>
    `Made on ${dateTime} (reference date ${referenceDate}) from data version ${dataVersion}.`,

  nothingDelivered: {
    heading: 'Nothing delivered yet',
    text:
      'No delivery has been recorded for this project, so no stone has been traced yet. ' +
      'This document therefore says nothing about where the stone comes from, about gaps in the chain or about risks: ' +
      'it can only do so once the importers have recorded their deliveries.',
  },

  deliveries: {
    heading: 'Deliveries',
    summary: (count, tonnes) => `${count} deliver${count === 1 ? 'y' : 'ies'}, ${tonnes} in total.`,
    columns: {
      deliveredOn: 'Delivered on',
      stoneType: 'Stone type',
      quantity: 'Quantity',
      mass: 'Mass',
      importer: 'Importer',
    },
  },

  originMismatches: {
    heading: 'Declared origin contradicted by the trace',
    intro:
      'For these deliveries the delivery note states an origin, but the chain declared to us traces (part of) the stone to quarries elsewhere. ' +
      'This may be origin fraud, such as stone sold as Belgian bluestone that was quarried abroad. Ask the importer to explain it before accepting the stone.',
    columns: {
      delivery: 'Delivery',
      declared: 'Declared origin',
      traced: 'Traced to',
      elsewhere: 'Share traced elsewhere',
      untraced: 'Share not traced',
    },
    delivery: (date, stoneType, tonnes, importer) => `${date}, ${stoneType}, ${tonnes} (${importer})`,
    declared: (country, area) => (area === null ? country : `${area}, ${country}`),
    tracedTo: (place, share) => `${place}: ${share}`,
    limits:
      'Shares are fractions of the delivery’s mass. Mass that is not traced to any quarry is not counted as elsewhere: its origin is unknown. ' +
      'Both the declared origin and the supply links are what companies state; neither is verified here.',
  },

  origins: {
    heading: 'Where the stone comes from',
    traced: (share) => `${share} of the delivered mass is traced back to a quarry.`,
    untracedRest: (share) => `The origin of the other ${share} is unknown: see the gaps below.`,
    countries: 'Countries',
    areas: 'Quarry areas',
    quarries: 'Quarries',
    columns: { country: 'Country', region: 'Region', quarry: 'Quarry', share: 'Share' },
    map: {
      title: 'Map of the quarries the stone comes from',
      quarry: 'Quarry',
      gap: 'Where tracing stops (placed in the country of that company)',
      approximate: 'Quarry without coordinates (placed in its country)',
      size: "A marker's area is proportional to its share of the delivered mass.",
    },
    mapQuarry: (name, region, country, share) => `${name}, ${region} (${country}): ${share}`,
    mapGap: (name, kind, country, share) => `${name} (${kind}, ${country}): origin of ${share} unknown`,
  },

  chain: {
    heading: 'The chain',
    intro:
      'Each band is one path of the stone, from a quarry through processors and importers to the project; its width is proportional to its share of the delivered mass. ' +
      'Each site is coloured by the highest residual risk found there.',
    sankey: {
      title: 'The supply chain as a Sankey diagram',
      levelHeading: 'Highest residual risk at the site',
      noAssessment: 'None assessed',
      unknownOrigin: 'Unknown origin',
      tracedBand: 'Traced back to a quarry',
      gapBand: 'Origin unknown (a gap)',
    },
    site: (name, kind, country, level) => `${name} (${kind}, ${country}): highest residual risk ${level}`,
    pathsHeading: 'Paths',
    pathColumns: { path: 'Path (quarry → importer)', share: 'Share' },
    gapsHeading: 'Gaps (unknown origin)',
    gapColumns: { node: 'Where tracing stops', kind: 'Kind', stoneType: 'Stone type', share: 'Share' },
    noGaps: 'No gaps: every delivered tonne is traced back to a quarry.',
  },

  risks: {
    heading: 'Which risks attach to it',
    columns: {
      theme: 'Theme',
      level: 'Highest residual level',
      where: 'Where',
      share: 'Share of mass',
      why: 'Why it applies',
    },
    none: 'No risk is assessed for any site or link of this chain.',
    gapReason: (sites, share) =>
      `Tracing stops at ${sites}: nobody can say where ${share} of the delivered mass was quarried, or under which conditions.`,
    complaintReason: (sites) =>
      `The covenant's complaints and disputes committee admitted a complaint about ${sites} that names this theme.`,
    originFraud:
      'Where the stone is traced to a quarry, this is not a gap in the trace: it is the risk that the origin declared along the chain is false (origin fraud), ' +
      'documented for the country or area named below. Check the origin at the quarry itself.',
    declaredOriginReason: (deliveries) =>
      `The declared origin of ${deliveries} is contradicted by the trace: see “Declared origin contradicted by the trace” above.`,
    sitesHeading: 'Risks at each site',
    sitesIntro:
      'Every site and link of the chain with its risks: the level assessed, then the residual level, one step lower where a completed action plan or a valid certificate covers the theme there.',
    siteColumns: { site: 'Site or link', share: 'Share of mass through it', risks: 'Theme: level → residual level' },
    levelToResidual: (theme, level, residual) => `${theme}: ${level} → ${residual}`,
    loweredBy: { plan: 'completed action plan', certificate: 'valid certificate' },
    noSiteRisks: 'No risk is assessed at any site or link of this chain.',
    evidenceHeading: 'Evidence',
    evidenceColumns: {
      theme: 'Theme',
      level: 'Level',
      target: 'Basis / target',
      description: 'Description',
      source: 'Source',
      assessedOn: 'Assessed on',
    },
    severityLikelihood: (severity, likelihood) => `(severity ${severity}, likelihood ${likelihood})`,
    noEvidence: 'No risk assessments recorded.',
  },

  complaints: {
    heading: 'Complaints about sites in this chain',
    intro:
      "Complaints that the covenant's complaints and disputes committee has admitted about a site some of this project's stone passed through, traced as on the day each complaint says it happened. The committee handles them confidentially: who complained, and what they wrote, is not shown.",
    columns: {
      reference: 'Reference',
      themes: 'Themes',
      site: 'Site',
      status: 'Status',
      share: "Share of the project's stone",
    },
    statuses: {
      RECEIVED: 'Received',
      ADMISSIBLE: 'Admitted',
      INADMISSIBLE: 'Not admitted',
      IN_DIALOGUE: 'In dialogue',
      RESOLVED: 'Resolved',
      CLOSED: 'Closed',
    },
    unknown: 'not known',
  },

  measures: {
    heading: 'What the suppliers do',
    plansHeading: 'Action plans',
    planColumns: {
      company: 'Company',
      themes: 'Themes',
      where: 'Where',
      description: 'Description',
      status: 'Status',
      due: 'Due',
      collective: 'Collective',
      evidence: 'Evidence',
    },
    overdue: 'overdue',
    noPlans: 'No action plans recorded.',
    certificatesHeading: 'Certificates',
    certificateColumns: {
      scheme: 'Scheme',
      holder: 'Holder',
      scope: 'Scope',
      valid: 'Valid',
      themes: 'Themes',
      reference: 'Reference',
      status: 'Status',
    },
    noCertificates: 'No certificates recorded.',
  },

  page: {
    links: { report: 'Printable report', geojson: 'Origins as GeoJSON' },
    shareLinks: {
      heading: 'Share links',
      none: 'No share link has been made for this project.',
      columns: { id: 'Link', created: 'Made on', expiresOn: 'Last day', status: 'Status' },
      active: 'Opens the report',
      expired: 'Expired',
      revokedOn: (date) => `Revoked on ${date}`,
      more: (count) => `and ${count} older, listed by the reportLinks query.`,
      howTo:
        "A share link opens this project's printable report without a key. Make one with the createReportLink mutation: its address is shown that once only. Revoke one with revokeReportLink and the link's id.",
    },
  },

  footer:
    'Residual level: one step lower where a completed action plan or a valid certificate covers the theme at that site or link; never lower than that, since a certificate is evidence, not proof. ' +
    "Shares are fractions of the project's delivered mass.",

  progress: {
    title: 'How much of the chain is known',
    lead: (year, factory, quarry, companies) =>
      `In ${year}, ${factory} of the importers' supply is known back to a factory and ${quarry} back to a quarry (${companies} importers).`,
    suppressedLead: (year) => `The figures for ${year} rest on too few companies to be published.`,
    chartTitle: "Share of the importers' supply known back to a factory and to a quarry, per year",
    factoryLine: 'Known back to a factory',
    quarryLine: 'Known back to a quarry',
    notShown: 'not shown (too few companies)',
    point: (line, year, share) => `${line}, ${year}: ${share}`,
    columns: {
      year: 'Year',
      weighting: 'Weighed by',
      companies: 'Importers',
      factory: 'Known back to a factory',
      quarry: 'Known back to a quarry',
    },
    weightings: { VOLUME: 'declared volume', LINKS: 'number of links' },
    csv: 'These figures as CSV',
    definitionsHeading: 'What the figures mean',
    definitions: [
      "An importer's supply link counts for a year when it was valid at some time during that year.",
      'It is known back to a factory when its supplier is a factory or a quarry, or when a chain of declared supply links of the same stone type, valid that year, leads from its supplier to one; known back to a quarry likewise. Chains longer than the trace limit do not count.',
      'Links are weighed by their declared yearly volume when every link of the year declares one, and counted otherwise.',
      'Known means declared by the companies, not verified. A figure is published only where it rests on enough companies that no single company can be recognised in it.',
    ],
  },
};
