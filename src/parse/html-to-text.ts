import { Parser } from 'htmlparser2';

const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'object', 'svg', 'math', 'head']);

const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'caption', 'dd', 'details', 'div', 'dl', 'dt', 'fieldset',
  'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main',
  'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'td', 'th', 'tr', 'ul',
]);

/** C0/C1 control characters other than whitespace: never useful in text and unsafe in mail headers. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/**
 * Plain text of an HTML fragment: script/style contents dropped, block elements turned into spaces, entities
 * decoded, control characters removed, whitespace collapsed to single spaces, trimmed.
 */
export function htmlToText(html: string): string {
  if (html === '') return '';
  if (!/[<&]/.test(html)) return collapse(html);

  const parts: string[] = [];
  let skipDepth = 0;
  const parser = new Parser(
    {
      onopentagname(name) {
        if (SKIPPED.has(name)) skipDepth++;
        if (SKIPPED.has(name) || BLOCKS.has(name)) parts.push(' ');
      },
      onclosetag(name) {
        if (SKIPPED.has(name)) skipDepth = Math.max(0, skipDepth - 1);
        if (SKIPPED.has(name) || BLOCKS.has(name)) parts.push(' ');
      },
      ontext(text) {
        if (skipDepth === 0) parts.push(text);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeCDATA: true },
  );
  parser.end(html);
  return collapse(parts.join(''));
}

/** Every run of whitespace becomes one space (the same as replacing /\s+/g by a space), then the ends are trimmed. */
export function collapse(text: string): string {
  // Only runs of two or more and lone non-space whitespace are replaced: the single spaces between words (most
  // matches of /\s+/) are left alone, which makes this the cheaper half of parsing an HTML summary.
  return text.replace(CONTROL_CHARS, '').replace(/\s{2,}|[^\S ]/g, ' ').trim();
}
