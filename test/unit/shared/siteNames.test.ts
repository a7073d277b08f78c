import t from 'tap';
import { areaKey, siteNameKey } from '../../../src/shared/siteNames.js';

t.test('names of one site fold alike', async (t) => {
  const same: [string, string][] = [
    ['Thanh Liem Quarry', 'THANH LIÊM QUARRY'],
    ['Đá Thanh Liêm', 'da thanh liem'],
    ['Thanh Liem Stone Co., Ltd.', 'Thanh-Liem Stone'],
    ['Công ty TNHH Đá Thanh Liêm', 'Da Thanh Liem JSC'],
    ['Marmi Carrara S.p.A.', 'Marmi Carrara SpA'],
    ['Steengroeve Noord B.V.', 'Steengroeve Noord'],
    ['Rajasthan Sandstone Pvt. Ltd', 'Rajasthan Sandstone Private Limited'],
    ['Granitwerk Süd GmbH', 'Granitwerk Sud'],
    ['PT Batu Alam', 'Batu Alam'],
    ['Pierres Bleues S.A.', 'Pierres Bleues SRL'],
    ['Mármores do Alentejo, Lda.', 'Marmores do Alentejo Ltda'],
  ];
  for (const [a, b] of same) t.equal(siteNameKey(a), siteNameKey(b), `${a} ~ ${b}`);
});

t.test('what a site is, and legal words inside a name, stay part of it', async (t) => {
  t.not(siteNameKey('Thanh Liem Quarry'), siteNameKey('Thanh Liem'), 'Quarry is not a legal form');
  t.not(siteNameKey('Thanh Liem Quarry'), siteNameKey('Thanh Liem Factory'));
  t.equal(siteNameKey('Co Loa Stone'), 'co loa stone', 'a legal form is dropped only at the end (or as a prefix)');
  t.equal(siteNameKey('Ltd.'), 'ltd', 'a name of legal forms only is kept whole');
});

t.test('areas fold without diacritics, case or punctuation', async (t) => {
  t.equal(areaKey('Thanh Hóa'), areaKey('thanh hoa'));
  t.equal(areaKey('Bà Rịa–Vũng Tàu'), areaKey('Ba Ria - Vung Tau'));
  t.equal(areaKey('Đồng Nai'), 'dong nai');
  t.not(areaKey('Ha Nam'), areaKey('Ha Noi'));
});
