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
  return collapse(simpleHtmlText(html) ?? parsedHtmlText(html));
}

/** The text htmlparser2 hands out, a space for each block element opened or closed (before collapsing). */
export function parsedHtmlText(html: string): string {
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
  return parts.join('');
}

// ---- The same text without htmlparser2, for the plain HTML feeds carry ----
// simpleHtmlText follows htmlparser2 10's tokenizer and its open-element stack (which closes it implies, void
// elements, `</p>` and `</br>` without an open tag) for the markup it accepts: tags with letters-and-digits names and
// well-quoted (or simple unquoted) attributes, text, and `&name;` / `&#n;` references, each decoded by htmlparser2
// itself once and cached. Anything else — comments, CDATA, `<!`, `<?`, raw-text elements (script, style, title,
// textarea, xmp), the SKIPPED ones, svg/math, a bare `&` before a letter — returns null and htmlparser2 runs.

const HTML_SPACE = '[ \\t\\n\\f\\r]';
const HTML_OPEN = new RegExp(
  `<([A-Za-z][A-Za-z0-9]*)(?:${HTML_SPACE}+[A-Za-z_:][-\\w:.]*(?:${HTML_SPACE}*=${HTML_SPACE}*(?:"[^"]*"|'[^']*'|[^ \\t\\n\\f\\r"'=<>\`]+))?)*${HTML_SPACE}*/?>`,
  'y',
);
const HTML_CLOSE = new RegExp(`</([A-Za-z][A-Za-z0-9]*)${HTML_SPACE}*>`, 'y');
const REFERENCE = /&(?:[A-Za-z][A-Za-z0-9]{0,31}|#[0-9]{1,8}|#[xX][0-9A-Fa-f]{1,8});/y;
/** `&` that starts no reference in htmlparser2: followed by whitespace, `<`, `&` or the end. */
const LONE_AMPERSAND = /&(?=[ \t\n\f\r<&]|$)/y;

const NOT_SIMPLE = new Set([
  ...SKIPPED, 'script', 'style', 'title', 'textarea', 'xmp', 'plaintext', 'noembed', 'noframes', 'svg', 'math',
]);

const FORM_TAGS = new Set(['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea']);
const P_TAG = new Set(['p']);
const TABLE_SECTION_TAGS = new Set(['thead', 'tbody']);
const DDT_TAGS = new Set(['dd', 'dt']);
const RTP_TAGS = new Set(['rt', 'rp']);
/** htmlparser2 10's openImpliesClose: opening the key closes open elements of the set, innermost first. */
const OPEN_IMPLIES_CLOSE = new Map<string, ReadonlySet<string>>([
  ['tr', new Set(['tr', 'th', 'td'])],
  ['th', new Set(['th'])],
  ['td', new Set(['thead', 'th', 'td'])],
  ['body', new Set(['head', 'link', 'script'])],
  ['li', new Set(['li'])],
  ...['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((tag) => [tag, P_TAG] as const),
  ...['select', 'input', 'output', 'button', 'datalist', 'textarea'].map((tag) => [tag, FORM_TAGS] as const),
  ['option', new Set(['option'])],
  ['optgroup', new Set(['optgroup', 'option'])],
  ['dd', DDT_TAGS],
  ['dt', DDT_TAGS],
  ...[
    'address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl', 'fieldset', 'figcaption', 'figure', 'footer',
    'form', 'header', 'hr', 'main', 'nav', 'ol', 'pre', 'section', 'table', 'ul',
  ].map((tag) => [tag, P_TAG] as const),
  ['rt', RTP_TAGS],
  ['rp', RTP_TAGS],
  ['tbody', TABLE_SECTION_TAGS],
  ['tfoot', TABLE_SECTION_TAGS],
]);
const VOID_ELEMENTS = new Set([
  'area', 'base', 'basefont', 'br', 'col', 'command', 'embed', 'frame', 'hr', 'img', 'input', 'isindex', 'keygen',
  'link', 'meta', 'param', 'source', 'track', 'wbr',
]);

const MAX_CACHED_REFERENCES = 4096;
const references = new Map<string, string>();

/** What htmlparser2 makes of one reference on its own (it reads no further than the `;`). */
function decodeReference(ref: string): string | null {
  let text = references.get(ref);
  if (text === undefined) {
    if (references.size >= MAX_CACHED_REFERENCES) return null;
    text = parsedHtmlText(ref);
    references.set(ref, text);
  }
  return text;
}

function decodeHtmlText(raw: string): string | null {
  let amp = raw.indexOf('&');
  if (amp === -1) return raw;
  let out = '';
  let from = 0;
  while (amp !== -1) {
    REFERENCE.lastIndex = amp;
    const m = REFERENCE.exec(raw);
    if (m !== null) {
      const text = decodeReference(m[0]);
      if (text === null) return null;
      out += raw.slice(from, amp) + text;
      from = REFERENCE.lastIndex;
    } else {
      LONE_AMPERSAND.lastIndex = amp;
      if (!LONE_AMPERSAND.test(raw)) return null;
    }
    amp = raw.indexOf('&', amp + 1);
  }
  return out + raw.slice(from);
}

/** parsedHtmlText for the markup described above, or null. */
export function simpleHtmlText(html: string): string | null {
  const parts: string[] = [];
  // Open elements, innermost last (htmlparser2 keeps them innermost first).
  const stack: string[] = [];
  const opened = (name: string): void => {
    const implied = OPEN_IMPLIES_CLOSE.get(name);
    if (implied !== undefined) {
      while (stack.length > 0 && implied.has(stack[stack.length - 1]!)) closed(stack.pop()!);
    }
    if (!VOID_ELEMENTS.has(name)) stack.push(name);
    if (BLOCKS.has(name)) parts.push(' ');
    if (VOID_ELEMENTS.has(name)) closed(name);
  };
  const closed = (name: string): void => {
    if (BLOCKS.has(name)) parts.push(' ');
  };
  let textStart = 0;
  let i = 0;
  for (;;) {
    const lt = html.indexOf('<', i);
    if (lt === -1 || lt === html.length - 1) {
      if (lt !== -1) return null;
      const text = decodeHtmlText(html.slice(textStart));
      if (text === null) return null;
      parts.push(text);
      // end() closes what is still open, innermost first.
      while (stack.length > 0) closed(stack.pop()!);
      break;
    }
    const c = html.charCodeAt(lt + 1);
    const slash = c === 0x2f; // `/`
    if (!slash && !((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a))) {
      if (c === 0x21 || c === 0x3f) return null; // `<!`, `<?`
      i = lt + 1; // a `<` that starts no tag is text
      continue;
    }
    const re = slash ? HTML_CLOSE : HTML_OPEN;
    re.lastIndex = lt;
    const m = re.exec(html);
    if (m === null) return null;
    const name = m[1]!.toLowerCase();
    if (NOT_SIMPLE.has(name)) return null;
    const text = decodeHtmlText(html.slice(textStart, lt));
    if (text === null) return null;
    parts.push(text);
    if (!slash) {
      opened(name);
    } else if (!VOID_ELEMENTS.has(name)) {
      const at = stack.lastIndexOf(name);
      if (at !== -1) while (stack.length > at) closed(stack.pop()!);
      else if (name === 'p') parts.push(' ', ' ');
    } else if (name === 'br') {
      parts.push(' ', ' ');
    }
    i = textStart = re.lastIndex;
  }
  return parts.join('');
}

/** Every run of whitespace becomes one space (the same as replacing /\s+/g by a space), then the ends are trimmed. */
export function collapse(text: string): string {
  // Only runs of two or more and lone non-space whitespace are replaced: the single spaces between words (most
  // matches of /\s+/) are left alone, which makes this the cheaper half of parsing an HTML summary.
  return text.replace(CONTROL_CHARS, '').replace(/\s{2,}|[^\S ]/g, ' ').trim();
}
