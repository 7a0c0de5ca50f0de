import { describe, expect, it } from 'vitest';
import { createEntityTracker, type EntityMention } from '../../../../src/match/entities/index.js';
import * as A from '../../../fixtures/entities/articles.js';

const accords = createEntityTracker(A.accordsEntities);
const plain = createEntityTracker({ type: 'country', known: [], ignore: [] });

const codes = (ms: EntityMention[]): string[] => ms.map((m) => m.code);
const primary = (ms: EntityMention[]): string | undefined => ms.find((m) => m.primary)?.code;
const byCode = (ms: EntityMention[], code: string): EntityMention | undefined => ms.find((m) => m.code === code);

describe('seed-like reports of the Kazakhstan accession', () => {
  it.each([
    ['outlet A', A.outletA],
    ['outlet B', A.outletB],
  ])('%s: Kazakhstan is primary and new; earlier members known; others in passing', (_, article) => {
    const found = accords.find(article);
    expect(found[0]).toMatchObject({ code: 'KZ', name: 'Kazakhstan', primary: true, known: false });
    expect(found.filter((m) => m.primary)).toHaveLength(1);
    for (const code of ['AE', 'BH', 'MA', 'SD']) {
      expect(byCode(found, code)).toMatchObject({ known: true, primary: false });
    }
    expect(byCode(found, 'SA')).toMatchObject({ known: false, primary: false });
    expect(codes(found)).not.toContain('IL');
    expect(codes(found)).not.toContain('US');
  });

  it('reports Russia and China when the text mentions them, never as primary', () => {
    const found = accords.find(A.outletB);
    expect(byCode(found, 'RU')).toMatchObject({ primary: false, mentions: 1 });
    expect(byCode(found, 'CN')).toMatchObject({ primary: false, mentions: 1 });
    expect(byCode(accords.find(A.outletA), 'SY')).toMatchObject({ primary: false });
  });

  it('counts names, demonyms and capitals as mentions of the country', () => {
    // The headline, then Kazakhstan ×2, Kazakh ×2 and Astana in the content.
    expect(byCode(accords.find(A.outletB), 'KZ')?.mentions).toBe(6);
  });

  it('still picks Kazakhstan with nothing ignored', () => {
    expect(primary(plain.find(A.outletA))).toBe('KZ');
    expect(primary(plain.find(A.outletB))).toBe('KZ');
  });
});

describe('primary entity', () => {
  it('a country mentioned in passing is not primary', () => {
    const found = accords.find(A.saudiStory);
    expect(primary(found)).toBe('SA');
    expect(byCode(found, 'KZ')).toMatchObject({ primary: false, mentions: 1 });
  });

  it('a demonym in the headline is enough', () => {
    expect(primary(accords.find(A.demonymHeadline))).toBe('KZ');
  });

  it('no primary when two countries share the headline evenly', () => {
    const found = plain.find({ title: 'Armenia and Azerbaijan sign peace deal', summary: '', content: '' });
    expect(codes(found)).toEqual(['AM', 'AZ']);
    expect(primary(found)).toBeUndefined();
  });

  it('a country only in the body is never primary, however often', () => {
    const content = `${'Officials met. '.repeat(80)}${'Peru exports copper. '.repeat(6)}`;
    const found = plain.find({ title: 'Copper prices rise', summary: '', content });
    expect(found).toEqual([{ code: 'PE', name: 'Peru', primary: false, known: false, mentions: 6 }]);
  });

  it('without a summary the first ~60 words of the content are the lead', () => {
    const content = 'Chile raised output. Chile said so again.';
    const found = plain.find({ title: 'Copper prices rise', summary: '', content });
    expect(primary(found)).toBe('CL');
  });

  it('known countries can be primary', () => {
    const article = { title: 'Morocco hosts investment forum', summary: 'Rabat expects record deals.', content: '' };
    const found = accords.find(article);
    expect(found[0]).toMatchObject({ code: 'MA', primary: true, known: true });
  });
});

describe('multilingual reports', () => {
  it('Russian (declined forms included) → Kazakhstan', () => {
    const found = accords.find(A.russianReport);
    expect(primary(found)).toBe('KZ');
    for (const code of ['AE', 'BH', 'MA', 'SD']) expect(byCode(found, code)?.known).toBe(true);
    expect(codes(found)).not.toContain('IL');
  });

  it('Arabic (with attached conjunctions) → Kazakhstan', () => {
    const found = accords.find(A.arabicReport);
    expect(primary(found)).toBe('KZ');
    expect(codes(found)).toEqual(expect.arrayContaining(['AE', 'BH', 'MA', 'SD']));
  });

  it.each([
    ['Hebrew', 'קזחסטן מצטרפת להסכמי אברהם'],
    ['Chinese', '哈萨克斯坦将加入亚伯拉罕协议'],
    ['Japanese', 'カザフスタンがアブラハム合意に参加へ'],
    ['Korean', '카자흐스탄이 아브라함 협정에 가입한다'],
    ['German', 'Kasachstan tritt den Abraham-Abkommen bei'],
    ['Kazakh', 'Қазақстан Авраам келісімдеріне қосылады'],
  ])('%s headline → Kazakhstan', (_, title) => {
    expect(primary(plain.find({ title, summary: '', content: '' }))).toBe('KZ');
  });
});

describe('aliases and ambiguity', () => {
  it('short forms and demonyms: UAE, U.S., Emirati, Abu Dhabi', () => {
    const found = plain.find(A.aliasesStory);
    expect(found[0]).toMatchObject({ code: 'AE', primary: true, mentions: 4 });
    expect(byCode(found, 'US')?.mentions).toBe(2);
  });

  it('"us" the pronoun is not the US', () => {
    expect(plain.find({ title: 'Tell us what you think', summary: '', content: 'Join us.' })).toEqual([]);
  });

  it('Michael Jordan is not Jordan', () => {
    expect(plain.find(A.michaelJordan)).toEqual([]);
  });

  it('Jordan with country context is Jordan', () => {
    const summary = 'Rescue teams worked through the night near Amman.';
    const found = plain.find({ title: 'Floods in Jordan', summary, content: '' });
    expect(primary(found)).toBe('JO');
  });

  it('Georgia voters are in the US state; Tbilisi makes it the country', () => {
    expect(plain.find(A.georgiaVoters)).toEqual([]);
    expect(primary(plain.find(A.georgiaCountry))).toBe('GE');
  });

  it('Georgia in a list of countries is the country', () => {
    const content = 'Armenia, Georgia and Azerbaijan signed.';
    expect(codes(plain.find({ title: '', summary: '', content }))).toContain('GE');
  });

  it('Chad the first name, turkey the dinner, guinea pigs, Latin America are not countries', () => {
    const content = 'Chad Smith cooked a Thanksgiving turkey. Turkey Recipes. Guinea pigs escaped. Latin America grew.';
    expect(plain.find({ title: '', summary: '', content })).toEqual([]);
  });

  it('Niger and Nigeria, Dominica and the Dominican Republic, Guinea and Guinea-Bissau stay apart', () => {
    const content = 'Niger, Nigeria, Dominica, the Dominican Republic, Guinea, Guinea-Bissau and Papua New Guinea.';
    const found = codes(plain.find({ title: '', summary: '', content }));
    expect(found.sort()).toEqual(['DM', 'DO', 'GN', 'GW', 'NE', 'NG', 'PG']);
  });

  it('Congo is DR Congo unless the article names only the Republic of the Congo', () => {
    expect(codes(plain.find({ title: '', summary: '', content: 'Fighting in eastern Congo.' }))).toEqual(['CD']);
    const content = 'Brazzaville said Congo would hold elections.';
    expect(codes(plain.find({ title: '', summary: '', content }))).toEqual(['CG']);
  });

  it('South China Sea is still China', () => {
    expect(codes(plain.find({ title: '', summary: '', content: 'Patrols in the South China Sea.' }))).toEqual(['CN']);
  });
});

describe('configuration', () => {
  it('ignored countries are omitted entirely; codes work in known/ignore', () => {
    const t = createEntityTracker({ type: 'country', known: ['ma'], ignore: ['KAZ'] });
    const found = t.find(A.outletB);
    expect(codes(found)).not.toContain('KZ');
    expect(byCode(found, 'MA')?.known).toBe(true);
  });

  it.each([
    [{ known: ['Narnia'], ignore: [] }, /entities\.known: unknown country "Narnia"/],
    [{ known: [], ignore: ['Atlantis'] }, /entities\.ignore: unknown country "Atlantis"/],
  ])('an unknown country is a clear error', (lists, message) => {
    expect(() => createEntityTracker({ type: 'country', ...lists })).toThrow(message);
  });
});
