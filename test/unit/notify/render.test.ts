import { describe, expect, it } from 'vitest';
import { renderAlertText } from '../../../src/notify/index.js';
import type { Alert, AlertArticle } from '../../../src/types.js';

function article(overrides: Partial<AlertArticle> = {}): AlertArticle {
  return {
    url: 'https://news.example.org/a?id=1&x=2',
    title: 'Kazakhstan joins the Abraham Accords',
    source: 'The National',
    published: '2025-11-06T18:00:00.000Z',
    snippet: 'Kazakhstan will join the Abraham Accords, the White House said.',
    ...overrides,
  };
}

function alertWith(articles: AlertArticle[], topicName = 'Abraham Accords'): Alert {
  return {
    id: 'dlv-42',
    topic: { id: 'abraham-accords', name: topicName },
    articles,
    matchedTerms: ['abraham accords'],
    createdAt: '2025-11-06T19:00:00.000Z',
  };
}

describe('renderAlertText subject', () => {
  it('names the topic and the first headline', () => {
    expect(renderAlertText(alertWith([article()])).subject).toBe(
      '[newswatch] Abraham Accords: Kazakhstan joins the Abraham Accords',
    );
  });

  it('counts the further articles', () => {
    const { subject } = renderAlertText(alertWith([article(), article({ title: 'Second' }), article({ title: 'Third' })]));
    expect(subject).toBe('[newswatch] Abraham Accords: Kazakhstan joins the Abraham Accords (+2 more)');
  });

  it.each([
    ['CR/LF and a header', 'Big news\r\nBcc: evil@x.org', '[newswatch] Abraham Accords: Big news Bcc: evil@x.org'],
    ['bare LF and tabs', 'Big\n\n\tnews', '[newswatch] Abraham Accords: Big news'],
    ['NUL, ESC, DEL and C1 controls', 'Big\u0000\u001b[31m\u007f\u0085 news', '[newswatch] Abraham Accords: Big[31m news'],
    ['Unicode line separators', 'Big\u2028news\u2029now', '[newswatch] Abraham Accords: Big news now'],
    ['bidi overrides', 'Big \u202enews\u202c', '[newswatch] Abraham Accords: Big news'],
    ['an empty title', '  \r\n ', '[newswatch] Abraham Accords: (untitled)'],
  ])('keeps the subject on one line for %s', (_case, title, expected) => {
    const { subject } = renderAlertText(alertWith([article({ title })]));
    expect(subject).toBe(expected);
    expect(subject).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
  });

  it('cleans a hostile topic name too', () => {
    const { subject } = renderAlertText(alertWith([article()], 'Topic\r\nX-Evil: 1'));
    expect(subject.startsWith('[newswatch] Topic X-Evil: 1: ')).toBe(true);
  });

  it('truncates a 10 KB title to 200 characters ending in an ellipsis', () => {
    const { subject } = renderAlertText(alertWith([article({ title: 'x'.repeat(10_000) })]));
    expect(Array.from(subject)).toHaveLength(200);
    expect(subject.endsWith('…')).toBe(true);
  });

  it('keeps the "(+N more)" count when it truncates', () => {
    const { subject } = renderAlertText(alertWith([article({ title: 'y'.repeat(500) }), article()]));
    expect(Array.from(subject).length).toBeLessThanOrEqual(200);
    expect(subject.endsWith('… (+1 more)')).toBe(true);
  });

  it('never splits a surrogate pair when truncating', () => {
    const { subject } = renderAlertText(alertWith([article({ title: '😀'.repeat(300) })]));
    expect(subject).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    expect(Array.from(subject)).toHaveLength(200);
  });

  it('works without articles', () => {
    expect(renderAlertText(alertWith([])).subject).toBe('[newswatch] Abraham Accords');
  });
});

describe('renderAlertText text', () => {
  it('lists topic, then title, source, published, url and snippet per article', () => {
    const { text } = renderAlertText(alertWith([article()]));
    const order = [
      'Topic: Abraham Accords',
      'Kazakhstan joins the Abraham Accords',
      'The National',
      '2025-11-06T18:00:00.000Z',
      'https://news.example.org/a?id=1&x=2',
      'Kazakhstan will join the Abraham Accords, the White House said.',
    ].map((part) => text.indexOf(part));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('drops control characters but keeps the snippet paragraphs', () => {
    const { text } = renderAlertText(alertWith([article({ title: 'A\r\nB', snippet: 'one\r\n\r\ntwo\u0007' })]));
    expect(text).toContain('1. A B\n');
    expect(text).toContain('   one\n   \n   two\n');
    expect(text).not.toMatch(/[\r\u0007]/);
  });

  it('omits unknown date and missing url', () => {
    const { text } = renderAlertText(alertWith([article({ published: null, url: null })]));
    expect(text).not.toContain('Published:');
    expect(text).not.toContain('null');
  });
});

describe('renderAlertText html', () => {
  it('escapes markup in every feed value', () => {
    const hostile = '<script>alert(1)</script><img src=x onerror="alert(2)">';
    const { html } = renderAlertText(
      alertWith(
        [article({ title: hostile, snippet: hostile, source: hostile, published: hostile })],
        `Topic ${hostile}`,
      ),
    );
    expect(html).not.toMatch(/<script|<img|onerror="/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('onerror=&quot;alert(2)&quot;');
  });

  it('links an http(s) url with an escaped attribute', () => {
    const { html } = renderAlertText(alertWith([article({ url: 'https://news.example.org/a?x="><script>&y=1' })]));
    expect(html).toContain('<a href="https://news.example.org/a?x=%22%3E%3Cscript%3E&amp;y=1">');
    expect(html).not.toContain('<script');
  });

  it.each([
    ['javascript:', 'javascript:alert(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['vbscript:', 'vbscript:msgbox(1)'],
    ['relative', '/relative/path'],
    ['mixed-case javascript:', ' JaVaScRiPt:alert(1)'],
  ])('does not link a %s url', (_case, url) => {
    const { html } = renderAlertText(alertWith([article({ url })]));
    expect(html).not.toMatch(/<a\b/i);
    expect(html).not.toContain('<script');
  });

  it('shows a non-http url as escaped text', () => {
    const { html } = renderAlertText(alertWith([article({ url: 'javascript:alert("x")' })]));
    expect(html).toContain('javascript:alert(&quot;x&quot;)');
  });
});
