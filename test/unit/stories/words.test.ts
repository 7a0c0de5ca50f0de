import { describe, expect, it } from 'vitest';
import { dominantScript, foldText, splitWords, toTerm } from '../../../src/stories/words.js';

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
