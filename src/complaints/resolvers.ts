import { requireRole, type RequestContext } from '../auth/viewer.js';
import { LOOKUP, PAGE, type FieldCosts } from '../graphql/cost.js';
import type { GraphqlModule } from '../graphql/plugin.js';
import { parseArgs } from '../shared/validation.js';
import type { ComplaintCommands } from './commands.js';
import type { ComplaintCommitteeFields, ComplaintRecord } from './records.js';
import type { Complaints } from './service.js';
import { complaintsArgs, complaintStatusArgs, fileComplaintArgs, updateComplaintArgs } from './validation.js';

declare module '../graphql/records.js' {
  interface GraphqlRecords {
    Complaint: ComplaintRecord;
  }
}

/** What the fields resolved here cost (see graphql/cost.ts). */
export const complaintCosts: FieldCosts = { Query: { complaintStatus: LOOKUP, complaints: PAGE } };

const committee = ['ADMIN'] as const;
/** Who may list complaints: the committee all of them, a MEMBER those that reached its chain. */
const listers = ['ADMIN', 'MEMBER'] as const;

/** A field only the committee reads: refused to anyone else, whose statements do not read it anyway. */
const committeeOnly =
  <K extends keyof ComplaintCommitteeFields>(field: K, action: string) =>
  (complaint: ComplaintRecord, _args: unknown, ctx: RequestContext): ComplaintCommitteeFields[K] => {
    requireRole(ctx, committee, action);
    if (!complaint.committee) throw new Error(`a complaint read without the committee's fields reached ${field}`);
    return complaint.committee[field];
  };

export function complaintResolvers(complaints: Complaints, commands: ComplaintCommands): GraphqlModule {
  return {
    resolvers: {
      Query: {
        complaintStatus: (_root, args) => {
          const { reference, followUpCode } = parseArgs(complaintStatusArgs, args);
          return complaints.status(reference, followUpCode);
        },
        complaints: (_root, args, ctx) => {
          const viewer = requireRole(ctx, listers, 'list complaints');
          const { status, siteId, first, after } = parseArgs(complaintsArgs, args);
          return complaints.list(viewer, { status, siteId }, { first, after });
        },
      },
      Mutation: {
        fileComplaint: async (_root, args, ctx) => {
          const { input } = parseArgs(fileComplaintArgs, args);
          const refused = await ctx.reply.server.chargeComplaint(ctx.reply.request, ctx.reply);
          if (refused) throw refused;
          return commands.file(input);
        },
        updateComplaint: (_root, args, ctx) => {
          const viewer = requireRole(ctx, committee, 'update complaints');
          return commands.update(viewer, parseArgs(updateComplaintArgs, args));
        },
      },
      // A MEMBER reads a complaint that reached its chain; only the committee reaches the complainant, its words or the notes.
      Complaint: {
        country: committeeOnly('country', 'see where a complainant placed a complaint'),
        area: committeeOnly('area', 'see where a complainant placed a complaint'),
        place: committeeOnly('place', 'see where a complainant placed a complaint'),
        description: committeeOnly('description', "see a complainant's description"),
        publicNotes: committeeOnly('publicNotes', "see the committee's notes to a complainant"),
        internalNotes: committeeOnly('internalNotes', "see the committee's internal notes"),
        contact: committeeOnly('contact', "see a complainant's contact details"),
      },
    },
  };
}
