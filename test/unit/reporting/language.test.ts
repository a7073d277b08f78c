import t from 'tap';
import { chooseLanguage, wordsFor } from '../../../src/reporting/i18n/language.js';

t.test('?lang= wins, then Accept-Language by preference, then English', async (t) => {
  t.equal(chooseLanguage('nl', 'en'), 'nl');
  t.equal(chooseLanguage('EN', 'nl'), 'en');
  t.equal(chooseLanguage('fr', 'nl-BE,nl;q=0.9'), 'nl', 'a language we do not write falls back to the header');
  t.equal(chooseLanguage(undefined, 'nl-BE,nl;q=0.9,en;q=0.8'), 'nl', 'Flemish reads Dutch');
  t.equal(chooseLanguage(undefined, 'en;q=0.2, nl;q=0.7'), 'nl', 'by quality, not by order');
  t.equal(chooseLanguage(undefined, 'de-DE,de;q=0.9,en;q=0.5,nl;q=0.4'), 'en', 'the first of ours by quality');
  t.equal(chooseLanguage(undefined, 'nl;q=0, fr'), 'en', 'q=0 means not Dutch');
  t.equal(chooseLanguage(undefined, 'fr-FR'), 'en');
  t.equal(chooseLanguage(undefined, undefined), 'en');
});

t.test('dates, countries, shares and kinds are written for people', async (t) => {
  const en = wordsFor('en');
  const nl = wordsFor('nl');
  t.equal(en.date('2025-04-22'), '22 April 2025');
  t.equal(nl.date('2025-04-22'), '22 april 2025');
  t.equal(en.dateTime('2026-12-07T16:27:03.123Z'), '7 December 2026, 16:27 UTC');
  t.equal(en.country('BE'), 'Belgium');
  t.equal(nl.country('BE'), 'België');
  t.equal(nl.country('VN'), 'Vietnam');
  t.equal(en.percent(0.833333333333), '83.3%');
  t.equal(nl.percent(0.833333333333), '83,3%');
  t.equal(en.percent(0.0001), '< 0.1%', 'a sliver is not shown as none');
  t.equal(en.percent(0), '0.0%');
  t.equal(nl.tonnes(1234.56), '1.234,6 t');
  t.equal(en.quantity(1200, 'M2'), '1,200 m²');
  t.equal(nl.quantity(40, 'PIECES'), '40 stuks');
  t.equal(en.projectKind('OTHER'), 'Other works');
  t.equal(nl.projectKind('PLAZA'), 'Plein');
  t.equal(nl.stoneType('GRANITE'), 'Graniet');
});
