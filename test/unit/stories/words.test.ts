import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dominantScript, firstWords, foldText, splitWords, toTerm } from '../../../src/stories/words.js';

describe('foldText', () => {
  it.each([
    ['São Paulo', 'sao paulo'],
    ['Straße', 'strasse'],
    ['ＡＢＣ１２３', 'abc123'],
    ['ﬁnance', 'finance'],
    ['إسرائيل', 'اسراييل'],
    ['مُسْتَشْفَى', 'مستشفي'],
    ['Москва́', 'москва'],
  ])('folds %s to %s', (input, folded) => {
    expect(foldText(input)).toBe(folded);
  });

  it('splits on anything but letters and digits', () => {
    expect(splitWords("Kazakhstan's U.S.-brokered deal—at 6.8%")).toEqual([
      'kazakhstan', 's', 'u', 's', 'brokered', 'deal', 'at', '6', '8',
    ]);
  });
});

describe('foldText on ASCII', () => {
  it('is what the Unicode rules make of it: lower case alone', () => {
    const everyAscii = Array.from({ length: 128 }, (_, code) => String.fromCharCode(code)).join('');
    const byTheRules = (text: string) => text.normalize('NFKC').toLowerCase().normalize('NFD').normalize('NFC');
    expect(foldText(everyAscii)).toBe(byTheRules(everyAscii));
    fc.assert(fc.property(fc.string({ unit: fc.integer({ min: 0, max: 127 }).map((c) => String.fromCharCode(c)) }), (text) => foldText(text) === byTheRules(text)));
  });
});

describe('firstWords', () => {
  // Pieces where folding depends on neighbours: combining marks after a base or a space, a capital sigma whose lower
  // case depends on what follows it, compatibility forms that fold into two letters, Arabic variants.
  const PIECES = [' ', '  ', 'ΟΔΟΣ', 'Σ', '.', "'", 'e\u0301', '\u0301', ' \u0301', 'ß', 'ﬁ', '①', 'ى', 'ـ', 'word', 'São', 'x', '\u00a0', '\n', '１２'];
  const tricky = fc.array(fc.constantFrom(...PIECES), { maxLength: 400 }).map((pieces) => pieces.join(''));

  it('gives the first words of the whole text, however the text is cut', () => {
    fc.assert(
      fc.property(fc.oneof(tricky, fc.string({ unit: 'grapheme', maxLength: 3000 })), fc.constantFrom(1, 5, 60, 200), (text, count) => {
        expect(firstWords(text, count)).toEqual(splitWords(text).slice(0, count));
      }),
      { numRuns: 500 },
    );
  });

  it('never ends on a word cut short, whichever word the first cut falls in', () => {
    const lead = Array.from({ length: 300 }, (_, i) => `Ste\u0301p${i}ΟΣ`).join(' ');
    const all = splitWords(lead);
    for (let count = 1; count <= 300; count++) expect(firstWords(lead, count)).toEqual(all.slice(0, count));
  });

  it('gives the first 60 words of a lead many times longer than the first cut', () => {
    const lead = `${'Kazakhstan joins the accords today. '.repeat(12)}${'ΤΕΛΟΣ '.repeat(2000)}`;
    expect(firstWords(lead, 60)).toEqual(splitWords(lead).slice(0, 60));
    expect(firstWords(lead, 60)).toHaveLength(60);
  });
});

describe('toTerm', () => {
  it.each([
    ['joins', 'join'],
    ['joined', 'join'],
    ['joining', 'join'],
    ['countries', null],
    ['ceasefires', 'ceasefir'],
    ['escalated', 'escalat'],
    ['escalate', 'escalat'],
    ['planned', 'plan'],
    ['cutting', 'cut'],
    ['rates', 'rat'],
    ['rate', 'rat'],
    ['status', 'status'],
    ['crisis', 'crisis'],
    ['apps', 'app'],
    ['the', null],
    ['thursday', null],
    ['2025', null],
    ['ab', null],
    ['الاتفاقيات', 'اتفاقيات'],
    ['والاتفاقيات', 'اتفاقيات'],
  ])('makes %s the term %s', (word, term) => {
    expect(toTerm(word)).toBe(term);
  });
});

describe('dominantScript', () => {
  it.each([
    [['kazakhstan', 'accord'], 'Latin'],
    [['كازاخستان', 'ابراهام', 'witkoff'], 'Arabic'],
    [['москва', 'kremlin'], 'Cyrillic'],
    [[], null],
    [['123', '½'], null],
  ])('finds the script of most of %j: %s', (terms, script) => {
    expect(dominantScript(terms)).toBe(script);
  });
});
