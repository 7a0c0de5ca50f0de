import { describe, expect, it } from 'vitest';
import { checkTemplate, compileTemplate, renderTitle } from '../../../src/notify/template.js';
import { escapeHtml } from '../../../src/notify/sanitize.js';
import { sampleAlert, sampleArticle } from './samples.js';

const asIs = (value: string): string => value;

describe('checkTemplate', () => {
  it.each([
    ['plain text', 'newswatch alert'],
    ['root placeholders', '{{topic.name}}: {{headline}} ({{story.article_count}} articles, {{sources}})'],
    ['the new entities', '{{#entities_new}}New: {{entities_new}} — {{/entities_new}}{{primary_entity}}'],
    ['an article list', '{{#articles}}- {{title}} <{{url}}> {{source}} {{published}}\n{{snippet}}{{/articles}}'],
    ['an entity list', '{{#entities}}{{name}} ({{code}}){{#new}} new{{/new}}{{#primary}} primary{{/primary}}{{/entities}}'],
    ['a source list', '{{#story.sources}}{{.}}; {{/story.sources}}'],
    ['root names inside a list', '{{#articles}}{{topic.name}}: {{title}}{{/articles}}'],
    ['inverted sections', '{{^articles}}no articles{{/articles}}{{^update}}first{{/update}}'],
    ['comments', '{{! a note }}{{id}} {{created_at}} {{matched_terms}} {{story.id}} {{story.first_seen}}'],
  ])('accepts %s', (_case, text) => {
    expect(checkTemplate(text)).toBeNull();
  });

  it.each([
    ['an unknown name', '{{nope}}', /unknown placeholder "nope"/],
    ['a prototype property', '{{constructor}}', /unknown placeholder "constructor"/],
    ['a path into the prototype', '{{topic.constructor.constructor}}', /unknown placeholder/],
    ['a lambda-style section', '{{#constructor.constructor}}return 1{{/constructor.constructor}}', /unknown placeholder/],
    ['an article field outside the list', '{{snippet}}', /unknown placeholder "snippet"/],
    ['an array method', '{{articles.length}}', /unknown placeholder "articles.length"/],
    ['a list used as a value', '{{articles}}', /"articles" is a list/],
    ['"." outside a source list', '{{.}}', /unknown placeholder "."/],
    ['a triple mustache', '{{{headline}}}', /inserted unescaped/],
    ['an ampersand', '{{& headline}}', /inserted unescaped/],
    ['a partial', '{{> other}}', /partials/],
    ['an unclosed section', '{{#articles}}{{title}}', /does not parse/],
    ['a mismatched close', '{{#articles}}{{/entities}}', /does not parse/],
  ])('refuses %s', (_case, text, message) => {
    expect(checkTemplate(text)).toMatch(message);
  });

  it('lists what is known in the scope of the problem', () => {
    expect(checkTemplate('{{#entities}}{{nme}}{{/entities}}')).toMatch(/known here: .*\bcode, name, primary, new\b/);
  });
});

describe('compileTemplate', () => {
  it('renders every documented placeholder from the alert', () => {
    const template = compileTemplate(
      '{{id}}|{{topic.id}}|{{topic.name}}|{{story.id}}|{{story.first_seen}}|{{story.article_count}}|{{update}}|' +
        '{{headline}}|{{url}}|{{sources}}|{{entities_new}}|{{entity_names}}|{{primary_entity}}|{{matched_terms}}',
    );
    expect(template.render(sampleAlert(), asIs)).toBe(
      'dlv-42|abraham-accords|Abraham Accords membership|story-7|2025-11-06T18:00:00.000Z|3|false|' +
        'Kazakhstan joins the Abraham Accords|https://news.example.org/a?id=1&x=2|The National, Fox News, Reuters|' +
        'Kazakhstan|Kazakhstan, Israel, United States|Kazakhstan|abraham accords',
    );
  });

  it('escapes every value with the escape it is given, and keeps literal text', () => {
    const alert = sampleAlert({ articles: [sampleArticle({ title: '<b>"x" & y</b>' })] });
    expect(compileTemplate('<i>{{headline}}</i>').render(alert, escapeHtml)).toBe(
      '<i>&lt;b&gt;&quot;x&quot; &amp; y&lt;/b&gt;</i>',
    );
  });

  it('repeats list sections per item', () => {
    const alert = sampleAlert({ articles: [sampleArticle({ title: 'One' }), sampleArticle({ title: 'Two', url: null })] });
    expect(compileTemplate('{{#articles}}[{{title}}{{#url}} {{url}}{{/url}}]{{/articles}}').render(alert, asIs)).toBe(
      '[One https://news.example.org/a?id=1&x=2][Two]',
    );
    expect(compileTemplate('{{#entities}}{{code}}{{#new}}*{{/new}} {{/entities}}').render(alert, asIs)).toBe('KZ* IL US ');
  });

  it('drops non-http article URLs and control characters from values', () => {
    const alert = sampleAlert({ articles: [sampleArticle({ url: 'javascript:alert(1)', title: 'A\r\nBcc: x' })] });
    expect(compileTemplate('{{url}}|{{headline}}').render(alert, asIs)).toBe('|A Bcc: x');
  });

  it('throws the problem for an invalid template', () => {
    expect(() => compileTemplate('{{nope}}')).toThrow(/unknown placeholder/);
  });
});

describe('renderTitle', () => {
  it('falls back when the title renders empty', () => {
    const templates = { title: compileTemplate('{{entities_new}}'), body: null };
    expect(renderTitle(templates, sampleAlert({ entities: [] }), 'fallback')).toBe('fallback');
    expect(renderTitle(templates, sampleAlert(), 'fallback')).toBe('Kazakhstan');
  });
});
