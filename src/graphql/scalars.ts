import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { isoDate } from '../shared/validation.js';

function parseDate(value: unknown): string {
  const parsed = isoDate.safeParse(value);
  if (!parsed.success) {
    throw new GraphQLError(`Date ${JSON.stringify(value)} ${parsed.error.issues[0]?.message ?? 'is invalid'}`, {
      extensions: { code: 'BAD_USER_INPUT', rule: 'iso_date' },
    });
  }
  return parsed.data;
}

export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'An ISO 8601 calendar date, YYYY-MM-DD.',
  serialize: (value) => String(value),
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
});
