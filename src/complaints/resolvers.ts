import { requireRole } from '../auth/viewer.js';
import { LOOKUP, PAGE, type FieldCosts } from '../graphql/cost.js';
import type { GraphqlModule } from '../graphql/plugin.js';
import { parseArgs } from '../shared/validation.js';
import type { ComplaintCommands } from './commands.js';
import type { ComplaintRecord } from './records.js';
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

export function complaintResolvers(complaints: Complaints, commands: ComplaintCommands): GraphqlModule {
  return {
    resolvers: {
      Query: {
        complaintStatus: (_root, args) => {
          const { reference, followUpCode } = parseArgs(complaintStatusArgs, args);
          return complaints.status(reference, followUpCode);
        },
        complaints: (_root, args, ctx) => {
          requireRole(ctx, committee, 'list complaints');
          const { status, siteId, first, after } = parseArgs(complaintsArgs, args);
          return complaints.list({ status, siteId }, { first, after });
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
      // Whoever else may one day read a complaint, only the committee reaches the complainant or its notes to itself.
      Complaint: {
        contact: (complaint, _args, ctx) => {
          requireRole(ctx, committee, "see a complainant's contact details");
          return complaint.contact;
        },
        internalNotes: (complaint, _args, ctx) => {
          requireRole(ctx, committee, "see the committee's internal notes");
          return complaint.internalNotes;
        },
      },
    },
  };
}
