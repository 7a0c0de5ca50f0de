/**
 * The repair pass for feed XML a strict parser rejects: the text is read as tag soup and written out again as
 * well-formed XML, naming each kind of repair it made.
 *
 * Rules this module owns:
 * - Dropped: the XML declaration and processing instructions (the text is already decoded), comments, the DOCTYPE
 *   (so no entity a document defines is ever expanded), text outside the root element and anything after it.
 * - Text: a bare `&` (one not starting `&#N;`, `&#xN;` or `&name;`) becomes `&amp;`, so `?a=1&copy=2` keeps its
 *   letters; an HTML named entity (`&nbsp;`, `&euro;`) becomes its character; an unknown one (`&nosuch;`) is kept
 *   as literal text; a `<` that starts no tag becomes `&lt;`; C0 control characters are removed.
 * - Elements: a closing tag closes every element opened after its match (the unclosed `<b>` in a description), and
 *   so does an `<item>` its channel (`<entry>` its feed), so one unclosed element does not swallow the items;
 *   a closing tag matching nothing open is dropped; HTML void elements (`<br>`, `<img>` …) are self-closed; elements
 *   still open at the end are closed (a truncated body) and an unclosed CDATA section is ended. Nesting deeper than
 *   MAX_REPAIR_DEPTH keeps its text but loses its tags.
 * - Attributes: unquoted values are quoted, a repeated attribute keeps its first value, malformed ones are dropped.
 * - Namespace-prefixed roots: when the root is `<P:rss>` or `<P:feed>`, the prefix P is removed from every element
 *   and attribute name, and so is an undeclared `rss:` prefix under an `<rss>` root, so the RSS/Atom readers see
 *   the names they know.
 */
import { decodeHTMLStrict } from 'entities';
import { isXmlChar } from './xml-chars.js';

export interface XmlRepair {
  /** Well-formed XML, or '' when no root element was found. */
  text: string;
  /** What was repaired, in plain words, in the order first met (empty when nothing needed repair). */
  repairs: string[];
}

export const MAX_REPAIR_DEPTH = 256;

// XML 1.0 Name (NameStartChar NameChar*): a looser pattern lets `’` or `«` into a name, which sax then rejects.
const NAME_START = 'A-Za-z_:\\u00c0-\\u00d6\\u00d8-\\u00f6\\u00f8-\\u02ff\\u0370-\\u037d\\u037f-\\u1fff\\u200c\\u200d\\u2070-\\u218f\\u2c00-\\u2fef\\u3001-\\ud7ff\\uf900-\\ufdcf\\ufdf0-\\ufffd';
const NAME = new RegExp(`[${NAME_START}][${NAME_START}\\-.0-9\\u00b7\\u0300-\\u036f\\u203f\\u2040]*`, 'y');
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const AMPERSAND = /&(?:#(\d{1,7});|#[xX]([0-9a-fA-F]{1,6});|([A-Za-z][A-Za-z0-9]{0,31});)?/g;
const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);
/** Where an item may stand: an unclosed element before it is closed (as HTML implies end tags). */
const ITEM_CONTAINERS = new Map<string, readonly string[]>([
  ['item', ['channel', 'rdf:RDF']],
  ['entry', ['feed']],
]);
const VOID_ELEMENTS = new Set(['br', 'hr', 'img', 'wbr', 'area', 'col', 'input']);

/** Rewrites feed XML as well-formed XML, as described above; never throws. */
export function repairXml(input: string): XmlRepair {
  const repairs = new Set<string>();
  const text = input.replace(CONTROL_CHARS, () => {
    repairs.add('control characters');
    return '';
  });
  const writer = new Writer(repairs);
  const n = text.length;
  let i = 0;
  while (i < n && !writer.done) {
    const lt = text.indexOf('<', i);
    const end = lt === -1 ? n : lt;
    if (end > i) writer.text(text.slice(i, end));
    if (lt === -1) break;
    i = readMarkup(text, lt, writer);
  }
  return { text: writer.finish(), repairs: [...repairs] };
}

/** Reads the markup starting at `<` and returns the index after it. */
function readMarkup(text: string, at: number, writer: Writer): number {
  const n = text.length;
  if (text.startsWith('<!--', at)) {
    const end = text.indexOf('-->', at + 4);
    if (end === -1) writer.repairs.add('unclosed comment');
    return end === -1 ? n : end + 3;
  }
  if (text.startsWith('<![CDATA[', at)) {
    const end = text.indexOf(']]>', at + 9);
    if (end === -1) writer.repairs.add('unclosed CDATA section');
    writer.cdata(text.slice(at + 9, end === -1 ? n : end));
    return end === -1 ? n : end + 3;
  }
  if (text.startsWith('<!', at)) return skipDeclaration(text, at);
  if (text.startsWith('<?', at)) {
    // Up to the first `>`, not `?>`, and never past a `<`: a declaration that lost its `?>` must not swallow the root.
    let k = at + 2;
    while (k < n && text[k] !== '>' && text[k] !== '<') k++;
    return text[k] === '>' ? k + 1 : k;
  }
  const closing = text[at + 1] === '/';
  NAME.lastIndex = at + (closing ? 2 : 1);
  const name = NAME.exec(text)?.[0];
  if (name === undefined) {
    writer.repairs.add('bare <');
    writer.text('<');
    return at + 1;
  }
  if (closing) {
    const end = text.indexOf('>', NAME.lastIndex);
    if (end === -1) writer.repairs.add('truncated document');
    writer.close(name);
    return end === -1 ? n : end + 1;
  }
  const tag = readAttributes(text, NAME.lastIndex, writer.repairs);
  if (tag === null) {
    writer.repairs.add('truncated document');
    return n;
  }
  writer.open(name, tag.attributes, tag.selfClosing);
  return tag.next;
}

interface TagRest {
  attributes: Array<[string, string]>;
  selfClosing: boolean;
  next: number;
}

/** The attributes of a start tag from `from` to its `>`, or null when the text ends first. */
function readAttributes(text: string, from: number, repairs: Set<string>): TagRest | null {
  const attributes: Array<[string, string]> = [];
  const n = text.length;
  let j = from;
  for (;;) {
    while (j < n && /\s/.test(text[j]!)) j++;
    if (j >= n) return null;
    const c = text[j]!;
    if (c === '>') return { attributes, selfClosing: false, next: j + 1 };
    if (c === '/' && text[j + 1] === '>') return { attributes, selfClosing: true, next: j + 2 };
    // A `<` here means the tag was never finished: end it and let the `<` start the next one.
    if (c === '<') {
      repairs.add('unfinished tag');
      return { attributes, selfClosing: false, next: j };
    }
    NAME.lastIndex = j;
    const name = NAME.exec(text)?.[0];
    if (name === undefined) {
      repairs.add('malformed attribute');
      j++;
      continue;
    }
    j = NAME.lastIndex;
    while (j < n && /\s/.test(text[j]!)) j++;
    if (text[j] !== '=') {
      repairs.add('attribute without a value');
      attributes.push([name, name]);
      continue;
    }
    j++;
    while (j < n && /\s/.test(text[j]!)) j++;
    const quote = text[j];
    if (quote === '"' || quote === "'") {
      const close = text.indexOf(quote, j + 1);
      if (close === -1) return null;
      attributes.push([name, text.slice(j + 1, close)]);
      j = close + 1;
    } else {
      const start = j;
      while (j < n && !/[\s>]/.test(text[j]!) && text[j] !== '<' && !(text[j] === '/' && text[j + 1] === '>')) j++;
      repairs.add('unquoted attribute value');
      attributes.push([name, text.slice(start, j)]);
    }
  }
}

function skipDeclaration(text: string, at: number): number {
  let depth = 0;
  for (let k = at + 2; k < text.length; k++) {
    const c = text[k];
    if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === '>' && depth <= 0) return k + 1;
  }
  return text.length;
}

/** Writes well-formed XML from the events of the tag-soup reader, tracking the open elements. */
class Writer {
  readonly repairs: Set<string>;
  readonly #out: string[] = [];
  readonly #stack: string[] = [];
  /** Depth of start tags dropped for being too deep, so their closing tags are dropped too. */
  #dropped = 0;
  #stripPrefixes: string[] = [];
  #rootSeen = false;
  done = false;

  constructor(repairs: Set<string>) {
    this.repairs = repairs;
  }

  text(raw: string): void {
    if (this.#stack.length === 0) {
      if (raw.trim() !== '') this.repairs.add('text outside the root element');
      return;
    }
    this.#out.push(escapeText(raw, this.repairs));
  }

  cdata(body: string): void {
    if (this.#stack.length === 0) return;
    this.#out.push('<![CDATA[', body, ']]>');
  }

  open(rawName: string, rawAttributes: Array<[string, string]>, selfClosing: boolean): void {
    if (!this.#rootSeen) this.#chooseStripPrefixes(rawName, rawAttributes);
    const name = this.#local(rawName);
    const container = ITEM_CONTAINERS.get(name);
    if (container !== undefined) this.#closeInto(container);
    if (this.#stack.length >= MAX_REPAIR_DEPTH) {
      this.repairs.add(`nesting deeper than ${MAX_REPAIR_DEPTH} elements`);
      if (!selfClosing) this.#dropped++;
      return;
    }
    const seen = new Set<string>();
    let tag = `<${name}`;
    for (const [rawAttr, value] of rawAttributes) {
      const attr = this.#local(rawAttr);
      if (seen.has(attr)) {
        this.repairs.add('repeated attribute');
        continue;
      }
      seen.add(attr);
      tag += ` ${attr}="${escapeText(value, this.repairs).replace(/"/g, '&quot;')}"`;
    }
    this.#rootSeen = true;
    const isVoid = this.#stack.length > 0 && VOID_ELEMENTS.has(name.toLowerCase());
    if (selfClosing || isVoid) {
      this.#out.push(`${tag}/>`);
      if (this.#stack.length === 0) this.done = true;
      return;
    }
    this.#out.push(`${tag}>`);
    this.#stack.push(name);
  }

  close(rawName: string): void {
    const name = this.#local(rawName);
    const stack = this.#stack;
    let at = stack.lastIndexOf(name);
    if (at === -1) at = findLastIndex(stack, (open) => open.toLowerCase() === name.toLowerCase());
    if (at === -1) {
      if (this.#dropped > 0) this.#dropped--;
      else if (!VOID_ELEMENTS.has(name.toLowerCase())) this.repairs.add(`stray closing tag </${name}>`);
      return;
    }
    if (at < stack.length - 1) this.repairs.add(`unclosed <${stack[stack.length - 1]}>`);
    while (stack.length > at) this.#out.push(`</${stack.pop()}>`);
    if (stack.length === 0) this.done = true;
  }

  /** Closes the elements left open inside the innermost of `containers` (an unclosed element before an <item>). */
  #closeInto(containers: readonly string[]): void {
    const stack = this.#stack;
    const at = findLastIndex(stack, (open) => containers.includes(open));
    if (at === -1 || at === stack.length - 1) return;
    this.repairs.add(`unclosed <${stack[stack.length - 1]}>`);
    while (stack.length > at + 1) this.#out.push(`</${stack.pop()}>`);
  }

  finish(): string {
    if (this.#stack.length > 0) this.repairs.add('truncated document');
    while (this.#stack.length > 0) this.#out.push(`</${this.#stack.pop()}>`);
    return this.#out.join('');
  }

  #chooseStripPrefixes(rootName: string, attributes: Array<[string, string]>): void {
    const colon = rootName.indexOf(':');
    const local = rootName.slice(colon + 1);
    if (local !== 'rss' && local !== 'feed') return;
    if (colon !== -1) this.#stripPrefixes.push(rootName.slice(0, colon));
    if (local === 'rss' && !attributes.some(([attr]) => attr === 'xmlns:rss')) this.#stripPrefixes.push('rss');
  }

  #local(name: string): string {
    for (const prefix of this.#stripPrefixes) {
      if (name.startsWith(`${prefix}:`) && name.length > prefix.length + 1 && name !== `xmlns:${prefix}`) {
        this.repairs.add('prefixed feed element names');
        return name.slice(prefix.length + 1);
      }
    }
    return name;
  }
}

/** Text with bare `&` and `<` escaped and HTML named entities replaced by their characters. */
function escapeText(raw: string, repairs: Set<string>): string {
  return raw
    .replace(AMPERSAND, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
      if (dec !== undefined || hex !== undefined) {
        const code = dec !== undefined ? Number(dec) : parseInt(hex!, 16);
        if (isXmlChar(code)) return whole;
        repairs.add('invalid character reference');
        return '';
      }
      if (name === undefined) {
        repairs.add('bare &');
        return '&amp;';
      }
      if (XML_ENTITIES.has(name)) return whole;
      const decoded = decodeHTMLStrict(whole);
      if (decoded !== whole) {
        repairs.add('HTML entities');
        return decoded.replace(/&/g, '&amp;').replace(/</g, '&lt;');
      }
      repairs.add('unknown entity');
      return `&amp;${name};`;
    })
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function findLastIndex<T>(items: readonly T[], test: (item: T) => boolean): number {
  for (let k = items.length - 1; k >= 0; k--) if (test(items[k]!)) return k;
  return -1;
}
