import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { htmlToText } from '../../../src/parse/index.js';
import { collapse } from '../../../src/parse/html-to-text.js';

describe('htmlToText', () => {
  it.each([
    ['strips inline tags', '<b>x</b>', 'x'],
    ['decodes &amp;', 'Fish &amp; chips', 'Fish & chips'],
    ['decodes numeric entities', 'Council&#8217;s vote', 'Council’s vote'],
    ['decodes named entities', 'caf&eacute; &hellip;', 'café …'],
    ['turns block elements into spaces', '<p>One.</p><p>Two.</p><ul><li>a</li><li>b</li></ul>', 'One. Two. a b'],
    ['turns <br> into a space', 'line<br>break', 'line break'],
    ['drops script, style and noscript contents', '<script>x()</script>A<style>p{}</style>B<noscript>C</noscript>', 'A B'],
    ['collapses whitespace and trims', '  a \n\t b  ', 'a b'],
    ['treats &nbsp; as a space', 'a&nbsp;&nbsp;b', 'a b'],
    ['keeps text that only looks like markup', 'a < b > c', 'a < b > c'],
    ['removes control characters', 'a\u0000b\u0007c\u009f', 'abc'],
    ['survives unclosed tags', '<p>open <b>bold', 'open bold'],
    ['returns empty for empty input', '', ''],
  ])('%s', (_name, html, text) => {
    expect(htmlToText(html)).toBe(text);
  });
});

describe('collapse', () => {
  const whitespace = [' ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\u2028', '\u3000', '\ufeff', '\u0085', '\u0001'];
  const pieces = fc.oneof(fc.constantFrom(...whitespace), fc.string({ maxLength: 3 }), fc.constantFrom('word', 'mot', 'γοσ'));

  it('agrees with replacing every /\\s+/ run by a space, control characters removed and ends trimmed', () => {
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        // eslint-disable-next-line no-control-regex
        const reference = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, '').replace(/\s+/g, ' ').trim();
        expect(collapse(text)).toBe(reference);
      }),
      { numRuns: 2000 },
    );
  });
});
