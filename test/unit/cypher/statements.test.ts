// Every named Cypher statement as it is sent to Neo4j, once per role it is composed for (once for
// "any caller" when it is the same for all), laid out for reading: a change to a statement or to a
// visibility rule shows up as a diff of readable Cypher in tap-snapshots/. No database is needed.
// After an intended change, regenerate the snapshot and review its diff:
//   npx tap --snapshot test/unit/cypher/statements.test.ts
import t from 'tap';
import { roles } from '../../../src/auth/viewer.js';
import { everyStatement, formatCypher, statementDefinitions, statementLabel } from '../../helpers/statements.js';

const statements = await everyStatement();

t.test('every statement defined in src is rendered', async (t) => {
  for (const { file, nameArgument, names } of statementDefinitions()) {
    const rendered =
      names.length > 0 && names.every((name) => statements.some((statement) => name.test(statement.name)));
    t.ok(rendered, `${file}: cypher(${nameArgument}, …)`, {
      hint: 'name it with a string literal, and build whatever makes it in everyStatement (test/helpers/statements.ts)',
    });
  }
});

t.test('a statement composed per role is rendered for every role', async (t) => {
  for (const name of new Set(statements.map((statement) => statement.name))) {
    const made = statements.filter((statement) => statement.name === name).map((statement) => statement.role);
    if (made.includes('')) t.same(made, [''], `${name} is the same for every caller`);
    else t.same(made, [...roles].sort(), `${name} is made for every role`);
  }
});

t.test('the layout changes nothing but whitespace', async (t) => {
  const content = (text: string): string => text.replace(/\s+/g, '');
  t.same(statements.filter(({ text }) => content(formatCypher(text)) !== content(text)).map(statementLabel), []);
});

for (const statement of statements) t.matchSnapshot(formatCypher(statement.text), statementLabel(statement));
