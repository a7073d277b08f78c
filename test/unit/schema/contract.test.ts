import t from 'tap';
import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  type GraphQLSchema,
} from 'graphql';
import { loadSchemaSource } from '../../../src/graphql/plugin.js';

// The public contract's fixed names: clients and documents rely on them, so a rename must fail here.
const fixedFields: Record<string, string[]> = {
  ChainNode: ['id: ID!', 'name: String!', 'country: String!'],
  Quarry: [
    'id: ID!',
    'name: String!',
    'country: String!',
    'region: String!',
    'location: GeoPoint',
    'stoneTypes: [StoneType!]!',
  ],
  Processor: ['id: ID!', 'name: String!', 'country: String!', 'city: String'],
  Importer: ['id: ID!', 'name: String!', 'country: String!', 'covenantMember: Boolean!'],
  GeoPoint: ['lat: Float!', 'lon: Float!'],
  Buyer: ['id: ID!', 'name: String!', 'country: String!'],
  Project: [
    'id: ID!',
    'name: String!',
    'kind: ProjectKind!',
    'city: String!',
    'country: String!',
    'buyer: Buyer!',
    'deliveries: [Delivery!]!',
    'trace: Trace!',
    'authorisedImporters: [ImporterAuthorisation!]!',
  ],
  SupplyLink: [
    'id: ID!',
    'supplier: ChainNode!',
    'customer: ChainNode!',
    'stoneType: StoneType!',
    'validFrom: Date!',
    'validTo: Date',
    'annualVolumeTonnes: Float',
  ],
  Delivery: [
    'id: ID!',
    'project: Project!',
    'importer: Importer!',
    'stoneType: StoneType!',
    'quantity: Float!',
    'unit: QuantityUnit!',
    'massTonnes: Float!',
    'deliveredOn: Date!',
    'cancelledOn: Date',
  ],
  Trace: [
    'project: Project!',
    'origins: [Origin!]!',
    'nodes: [ChainNode!]!',
    'links: [SupplyLink!]!',
    'gaps: [TraceGap!]!',
    'tracedShare: Float!',
  ],
  Origin: ['quarry: Quarry!', 'share: Float!', 'paths: [TracePath!]!'],
  TracePath: ['nodes: [ChainNode!]!', 'links: [SupplyLink!]!'],
  TraceGap: ['node: ChainNode!', 'stoneType: StoneType!', 'share: Float!'],
  Query: [
    'trace: Trace!',
    'project: Project',
    'projects: ProjectConnection!',
    'quarry: Quarry',
    'quarries: QuarryConnection!',
    'dueDiligence: DueDiligenceReport!',
    'quarryAreaReport: QuarryAreaReport!',
    'downstream: Downstream!',
    'webhooks: WebhookConnection!',
    'notifications: NotificationConnection!',
  ],
  // Downstream.
  DownstreamProject: ['project: Project!', 'share: Float!', 'massTonnes: Float!'],
  Downstream: ['projects: [DownstreamProject!]!'],
  ProjectConnection: ['nodes: [Project!]!', 'pageInfo: PageInfo!', 'totalCount: Int!'],
  QuarryConnection: ['nodes: [Quarry!]!', 'pageInfo: PageInfo!', 'totalCount: Int!'],
  PageInfo: ['hasNextPage: Boolean!', 'endCursor: String'],
  // Due diligence.
  Mutation: [
    'assessRisk: RiskAssessment!',
    'recordActionPlan: ActionPlan!',
    'registerCertificate: Certificate!',
    // Who may deliver to a project.
    'authoriseImporter: ImporterAuthorisation!',
    'withdrawImporterAuthorisation: ImporterAuthorisation!',
    'correctDelivery: Delivery!',
    'cancelDelivery: Delivery!',
    'createReportLink: ReportLink!',
    'revokeReportLink: ReportLink!',
    // Notifications.
    'registerWebhook: RegisteredWebhook!',
    'removeWebhook: Webhook!',
  ],
  Notification: [
    'id: ID!',
    'type: NotificationType!',
    'occurredAt: String!',
    'subjectKind: String!',
    'subjectId: ID!',
    'data: String!',
  ],
  Webhook: ['id: ID!', 'url: String!', 'events: [NotificationType!]!', 'deliveries: WebhookDeliveryConnection!'],
  RegisteredWebhook: ['webhook: Webhook!', 'secret: String!'],
  // Shareable report links.
  ReportLink: ['id: ID!', 'url: String', 'projectId: ID!', 'expiresOn: Date!', 'createdAt: String!'],
  ImporterAuthorisation: [
    'id: ID!',
    'project: Project!',
    'importer: Importer!',
    'authorisedOn: Date!',
    'authorisedBy: Role!',
    'withdrawnOn: Date',
  ],
};

const fixedArguments: Record<string, string[]> = {
  'Query.trace': ['projectId: ID!', 'asOf: Date'],
  'Query.project': ['id: ID!'],
  'Query.projects': ['first: Int', 'after: String'],
  'Query.quarry': ['id: ID!'],
  'Query.quarries': ['country: String', 'stoneType: StoneType', 'first: Int', 'after: String'],
  'Project.trace': ['asOf: Date'],
  'Query.dueDiligence': ['projectId: ID!'],
  'Query.quarryAreaReport': ['year: Int!'],
  'Query.downstream': ['siteId: ID!', 'asOf: Date'],
  'Query.reportLinks': ['projectId: ID!', 'first: Int', 'after: String'],
  'Mutation.createReportLink': ['projectId: ID!', 'expiresOn: Date!'],
  'Mutation.revokeReportLink': ['id: ID!'],
  'Mutation.assessRisk': ['input: RiskAssessmentInput!'],
  'Mutation.recordActionPlan': ['input: ActionPlanInput!'],
  'Mutation.registerCertificate': ['input: CertificateInput!'],
  'Mutation.authoriseImporter': ['projectId: ID!', 'importerId: ID!'],
  'Mutation.withdrawImporterAuthorisation': ['projectId: ID!', 'importerId: ID!'],
  'Mutation.correctDelivery': ['id: ID!', 'input: DeliveryCorrection!'],
  'Mutation.cancelDelivery': ['id: ID!', 'reason: String!'],
  'Mutation.registerWebhook': ['url: String!', 'events: [NotificationType!]!'],
  'Mutation.removeWebhook': ['id: ID!'],
  'Query.notifications': ['first: Int', 'after: String'],
};

const fixedEnums: Record<string, string[]> = {
  StoneType: [
    'BLUESTONE',
    'GRANITE',
    'SANDSTONE',
    'MARBLE',
    'LIMESTONE',
    'QUARTZITE',
    'SLATE',
    'BASALT',
    'TRAVERTINE',
    'GNEISS',
  ],
  QuantityUnit: ['T', 'M2', 'M3', 'PIECES'],
  ProjectKind: ['PLAZA', 'FACADE', 'MONUMENT', 'STREET', 'BRIDGE', 'INTERIOR', 'LANDSCAPE', 'OTHER'],
  RiskLevel: ['LOW', 'MEDIUM', 'HIGH', 'SEVERE'],
  RiskTheme: [
    'DISCRIMINATION_GENDER',
    'CHILD_LABOUR',
    'FORCED_LABOUR',
    'LIVING_WAGE',
    'FREEDOM_OF_ASSOCIATION',
    'HEALTH_SAFETY',
    'LAND_RIGHTS',
    'ENVIRONMENT',
    'UNKNOWN_ORIGIN',
  ],
  ActionPlanStatus: ['PLANNED', 'IN_PROGRESS', 'DONE'],
  CertificateScheme: ['FAIR_STONE', 'XERTIFIX', 'IGEP', 'OTHER'],
  NotificationType: [
    'COMPLAINT_ADMISSIBLE',
    'COMPLAINT_STATUS_CHANGED',
    'SUPPLY_LINKS_ADDED',
    'SUPPLY_LINK_ENDED',
    'DELIVERY_RECORDED',
    'DELIVERY_CANCELLED',
  ],
};

/** The assessment input's fixed fields: theme, levels, text, date and the four targets. */
const fixedInputFields: Record<string, string[]> = {
  RiskAssessmentInput: [
    'theme: RiskTheme!',
    'severity: RiskLevel!',
    'likelihood: RiskLevel!',
    'description: String!',
    'source: String!',
    'assessedOn: Date!',
    'country: String',
    'region: String',
    'siteId: ID',
    'linkId: ID',
  ],
};

function fieldsOf(schema: GraphQLSchema, typeName: string): Map<string, { type: string; args: string[] }> {
  const type = schema.getType(typeName);
  if (!isObjectType(type) && !isInterfaceType(type)) throw new Error(`${typeName} is not an object or interface type`);
  return new Map(
    Object.values(type.getFields()).map((f) => [
      f.name,
      { type: String(f.type), args: f.args.map((a) => `${a.name}: ${String(a.type)}`) },
    ]),
  );
}

t.test('the schema in schema/ builds, with the Date scalar', async (t) => {
  const schema = buildSchema(loadSchemaSource());
  t.ok(isScalarType(schema.getType('Date')));
});

t.test('the schema describes itself: units, shares and dates, for GraphiQL and every client', async (t) => {
  const { description } = buildSchema(loadSchemaSource());
  t.match(description, /tonnes/, 'masses');
  t.match(description, /fractions \(0 to 1\)/, 'shares');
  t.match(description, /UTC days/, 'dates');
});

t.test('every fixed type has its fixed fields with their exact types', async (t) => {
  const schema = buildSchema(loadSchemaSource());
  for (const [typeName, fields] of Object.entries(fixedFields)) {
    const actual = fieldsOf(schema, typeName);
    for (const field of fields) {
      const [name, type] = field.split(': ') as [string, string];
      t.equal(actual.get(name)?.type, type, `${typeName}.${name}: ${type}`);
    }
  }
});

t.test('fixed arguments', async (t) => {
  const schema = buildSchema(loadSchemaSource());
  for (const [path, args] of Object.entries(fixedArguments)) {
    const [typeName, field] = path.split('.') as [string, string];
    t.same(fieldsOf(schema, typeName).get(field)?.args, args, path);
  }
});

t.test('the risk assessment input has its fixed fields', async (t) => {
  const schema = buildSchema(loadSchemaSource());
  for (const [name, fields] of Object.entries(fixedInputFields)) {
    const type = schema.getType(name);
    if (!isInputObjectType(type)) throw new Error(`${name} is not an input type`);
    const actual = Object.values(type.getFields()).map((f) => `${f.name}: ${String(f.type)}`);
    for (const field of fields) t.ok(actual.includes(field), `${name}.${field}`);
  }
});

t.test('fixed enums and the ChainNode implementations', async (t) => {
  const schema = buildSchema(loadSchemaSource());
  for (const [name, values] of Object.entries(fixedEnums)) {
    const type = schema.getType(name);
    t.ok(isEnumType(type), `${name} is an enum`);
    if (isEnumType(type))
      t.same(
        type.getValues().map((v) => v.name),
        values,
        name,
      );
  }
  const implementations = schema
    .getImplementations(schema.getType('ChainNode') as never)
    .objects.map((o) => o.name)
    .sort();
  t.same(implementations, ['Importer', 'Processor', 'Quarry']);
});
