import { describe, expect, it } from 'vitest';
import { compileTopics, snippet } from '../../../src/match/index.js';
import { article, topic } from './topic-fixtures.js';

const before = 'Officials in the capital spent the morning briefing reporters on trade, energy and water policy. '.repeat(3);
const after = ' The ministry added that further steps would be announced after consultations with partners abroad.'.repeat(3);

describe('snippet', () => {
  it('wraps each matched word and phrase in «…» in a short summary', () => {
    const art = article({ title: 'Kazakhstan to join', summary: 'Kazakhstan will join the Abraham-Accords, officials said.' });
    expect(snippet(art, ['"abraham accords"', 'join*'])).toBe('Kazakhstan will «join» the «Abraham-Accords», officials said.');
  });

  it('cuts about maxChars around the first match, on word boundaries, with ellipses', () => {
    const summary = `${before}Kazakhstan is joining the Abraham Accords.${after}`;
    const text = snippet(article({ summary }), ['"abraham accords"', 'join*']);
    expect(text).toMatch(/^….*Kazakhstan is «joining» the «Abraham Accords»\. The ministry.*…$/);
    expect(text.length).toBeGreaterThan(150);
    expect(text.length).toBeLessThanOrEqual(200 + '«»«»……'.length);
    expect(summary).toContain(text.replace(/[«»]/g, '').slice(1, -1));
  });

  it('honours a smaller maxChars', () => {
    const art = article({ summary: `${before}Kazakhstan is joining the Abraham Accords.${after}` });
    const text = snippet(art, ['join*'], 60);
    expect(text).toContain('«joining»');
    expect(text.length).toBeLessThanOrEqual(60 + '«»……'.length);
  });

  it('prefers the summary, then the content, then the title', () => {
    expect(snippet(article({ title: 'alpha', summary: 'x', content: 'has alpha' }), ['alpha'])).toBe('has «alpha»');
    expect(snippet(article({ title: 'alpha', summary: 'alpha here', content: 'alpha' }), ['alpha'])).toBe('«alpha» here');
    expect(snippet(article({ title: 'only alpha', summary: 'nothing', content: '' }), ['alpha'])).toBe('only «alpha»');
  });

  it('highlights diacritic and case variants of the matched terms', () => {
    expect(snippet(article({ summary: 'Rally in SÃO PAULO today' }), ['"sao paulo"'])).toBe('Rally in «SÃO PAULO» today');
    expect(snippet(article({ summary: 'КАЗАХСТАН и соглашения' }), ['казахстан'])).toBe('«КАЗАХСТАН» и соглашения');
  });

  it('collapses line breaks and runs of spaces', () => {
    expect(snippet(article({ summary: 'first line\n\n  alpha   second' }), ['alpha'])).toBe('first line «alpha» second');
  });

  it('falls back to the start of the text when nothing can be highlighted', () => {
    expect(snippet(article({ summary: '', content: 'Some body text.' }), [])).toBe('Some body text.');
    expect(snippet(article({ summary: 'plain', content: '' }), ['(unbalanced'])).toBe('plain');
    expect(snippet(article({}), ['x'])).toBe('');
  });

  it('round-trips with matchArticle', () => {
    const matcher = compileTopics([topic('t', '"Abraham Accords" AND (join* OR sign* OR member* OR accession)')]);
    const art = article({ summary: 'Kazakhstan signs up: it is joining the Abraham Accords.' });
    const [match] = matcher.matchArticle(art);
    expect(snippet(art, match!.matchedTerms)).toBe('Kazakhstan «signs» up: it is «joining» the «Abraham Accords».');
  });
});
