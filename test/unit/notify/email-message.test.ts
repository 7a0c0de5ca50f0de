import { describe, expect, it } from 'vitest';
import { renderDigestEmail, renderEmail } from '../../../src/notify/index.js';
import { compileTemplates } from '../../../src/notify/template.js';
import type { Alert, AlertArticle } from '../../../src/types.js';
import { sampleAlert, sampleArticle as article, sampleDigest } from './samples.js';

/** An alert without entities, so the subject is `[newswatch] <topic>: <headline>`. */
function alertWith(articles: AlertArticle[], topicName = 'Abraham Accords'): Alert {
  return sampleAlert({ topic: { id: 'abraham-accords', name: topicName }, entities: [], articles });
}

describe('renderEmail subject', () => {
  it('names the topic and the first headline', () => {
    expect(renderEmail(alertWith([article()])).subject).toBe(
      '[newswatch] Abraham Accords: Kazakhstan joins the Abraham Accords',
    );
  });

  it('counts the further articles', () => {
    const { subject } = renderEmail(alertWith([article(), article({ title: 'Second' }), article({ title: 'Third' })]));
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
    const { subject } = renderEmail(alertWith([article({ title })]));
    expect(subject).toBe(expected);
    expect(subject).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
  });

  it('cleans a hostile topic name too', () => {
    const { subject } = renderEmail(alertWith([article()], 'Topic\r\nX-Evil: 1'));
    expect(subject.startsWith('[newswatch] Topic X-Evil: 1: ')).toBe(true);
  });

  it('truncates a 10 KB title to 200 characters ending in an ellipsis', () => {
    const { subject } = renderEmail(alertWith([article({ title: 'x'.repeat(10_000) })]));
    expect(Array.from(subject)).toHaveLength(200);
    expect(subject.endsWith('…')).toBe(true);
  });

  it('keeps the "(+N more)" count when it truncates', () => {
    const { subject } = renderEmail(alertWith([article({ title: 'y'.repeat(500) }), article()]));
    expect(Array.from(subject).length).toBeLessThanOrEqual(200);
    expect(subject.endsWith('… (+1 more)')).toBe(true);
  });

  it('never splits a surrogate pair when truncating', () => {
    const { subject } = renderEmail(alertWith([article({ title: '😀'.repeat(300) })]));
    expect(subject).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    expect(Array.from(subject)).toHaveLength(200);
  });

  it('works without articles', () => {
    expect(renderEmail(alertWith([])).subject).toBe('[newswatch] Abraham Accords');
  });
});

describe('renderEmail text', () => {
  it('lists topic, then title, source, published, url and snippet per article', () => {
    const { text } = renderEmail(alertWith([article()]));
    const order = [
      'Topic: Abraham Accords',
      'Sources: ',
      '1. Kazakhstan joins the Abraham Accords',
      'Source: The National',
      'Published: 2025-11-06T18:00:00.000Z',
      'https://news.example.org/a?id=1&x=2',
      'Kazakhstan will join the Abraham Accords, the White House said.',
    ].map((part) => text.indexOf(part));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('drops control characters but keeps the snippet paragraphs', () => {
    const { text } = renderEmail(alertWith([article({ title: 'A\r\nB', snippet: 'one\r\n\r\ntwo\u0007' })]));
    expect(text).toContain('1. A B\n');
    expect(text).toContain('   one\n   \n   two\n');
    expect(text).not.toMatch(/[\r\u0007]/);
  });

  it('omits unknown date and missing url', () => {
    const { text } = renderEmail(alertWith([article({ published: null, url: null })]));
    expect(text).not.toContain('Published:');
    expect(text).not.toContain('null');
  });
});

describe('renderEmail html', () => {
  it('escapes markup in every feed value', () => {
    const hostile = '<script>alert(1)</script><img src=x onerror="alert(2)">';
    const { html } = renderEmail(
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
    const { html } = renderEmail(alertWith([article({ url: 'https://news.example.org/a?x="><script>&y=1' })]));
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
    const { html } = renderEmail(alertWith([article({ url })]));
    expect(html).not.toMatch(/<a\b/i);
    expect(html).not.toContain('<script');
  });

  it('shows a non-http url as escaped text', () => {
    const { html } = renderEmail(alertWith([article({ url: 'javascript:alert("x")' })]));
    expect(html).toContain('javascript:alert(&quot;x&quot;)');
  });
});

describe('renderEmail entities, story and threading', () => {
  it('leads the subject with a new primary entity', () => {
    expect(renderEmail(sampleAlert()).subject).toBe(
      '[newswatch] Kazakhstan — new in Abraham Accords membership: Kazakhstan joins the Abraham Accords',
    );
  });

  it('names several new primary entities, and none that is new but not primary', () => {
    const alert = sampleAlert({
      entities: [
        { code: 'KZ', name: 'Kazakhstan', primary: true, new: true },
        { code: 'AZ', name: 'Azerbaijan', primary: true, new: true },
        { code: 'AM', name: 'Armenia', primary: false, new: true },
      ],
    });
    expect(renderEmail(alert).subject).toMatch(/^\[newswatch\] Kazakhstan and Azerbaijan — new in /);
  });

  it('lists new entities first, then every entity, the story size and its sources, in both parts', () => {
    const { text, html } = renderEmail(sampleAlert());
    expect(text).toContain('New: Kazakhstan\nEntities: Kazakhstan (new), Israel, United States\n');
    expect(text).toContain('Story: 3 articles since 2025-11-06T18:00:00.000Z\nSources: The National, Fox News, Reuters\n');
    expect(html).toContain('Entities: Kazakhstan (new), Israel, United States');
    expect(html).toContain('Sources: The National, Fox News, Reuters');
  });

  it('escapes hostile entity and source names in the HTML', () => {
    const alert = sampleAlert({
      entities: [{ code: 'XX', name: '<img src=x onerror=alert(1)>', primary: true, new: true }],
      story: { id: 's', firstSeen: '2025-11-06T18:00:00.000Z', articleCount: 1, sources: ['<script>x</script>'] },
    });
    const { html, subject } = renderEmail(alert);
    expect(html).not.toMatch(/<script|<img/i);
    expect(subject).not.toMatch(/[\r\n]/);
  });

  it('gives every follow-up of a story the same Re: subject, whatever changed', () => {
    const first = renderEmail(sampleAlert()).subject;
    const followUp = (articleCount: number, entitiesNew: boolean) =>
      renderEmail(
        sampleAlert({
          id: `dlv-${articleCount}`,
          update: true,
          threadId: 'dlv-42',
          story: { id: 'story-7', firstSeen: '2025-11-06T18:00:00.000Z', articleCount, sources: ['A', 'B'] },
          entities: [{ code: 'KZ', name: 'Kazakhstan', primary: true, new: entitiesNew }],
          articles: [article(), article({ title: `More ${articleCount}` })],
        }),
      ).subject;
    expect(followUp(4, false)).toBe('Re: [newswatch] Abraham Accords membership: Kazakhstan joins the Abraham Accords');
    expect(followUp(9, true)).toBe(followUp(4, false));
    expect(followUp(4, false).endsWith(first.slice(first.indexOf(': ') + 2))).toBe(true);
    expect(followUp(4, false)).not.toMatch(/Re: Re:/);
  });

  it('marks an update without a thread as an update, not a reply', () => {
    expect(renderEmail(sampleAlert({ update: true })).subject).toMatch(/^\[newswatch\] Update: /);
  });
});

describe('renderEmail templates', () => {
  const templates = (title: string | null, body: string | null) =>
    compileTemplates({ title, body }, (problem) => new Error(problem));

  it('uses the title template as the whole subject, on one line', () => {
    const alert = sampleAlert({ articles: [article({ title: 'Line\r\nBcc: x@y.org' })] });
    expect(renderEmail(alert, templates('{{entities_new}}: {{headline}}', null)).subject).toBe(
      'Kazakhstan: Line Bcc: x@y.org',
    );
  });

  it('prefixes Re: to a templated follow-up subject', () => {
    const alert = sampleAlert({ update: true, threadId: 'dlv-1' });
    expect(renderEmail(alert, templates('{{topic.name}}', null)).subject).toBe('Re: Abraham Accords membership');
  });

  it('renders the body template as text and its escaped form as HTML', () => {
    const alert = sampleAlert({ articles: [article({ title: '<script>alert(1)</script>' })] });
    const { text, html } = renderEmail(alert, templates(null, '{{#articles}}* {{title}} ({{source}})\n{{/articles}}'));
    expect(text).toBe('* <script>alert(1)</script> (The National)\n');
    expect(html).toContain('* &lt;script&gt;alert(1)&lt;/script&gt; (The National)');
    expect(html).not.toContain('<script');
  });
});

describe('renderDigestEmail', () => {
  it.each([
    ['one hour', sampleDigest(), '[newswatch] Digest: 3 stories in 2 topics (2025-11-06 08:00–09:00 UTC)'],
    [
      'a day',
      sampleDigest({ periodStart: '2025-11-05T03:00:00.000Z', periodEnd: '2025-11-06T03:00:00.000Z' }),
      '[newswatch] Digest: 3 stories in 2 topics (2025-11-05 03:00 – 2025-11-06 03:00 UTC)',
    ],
    ['no stories', sampleDigest({ topics: [] }), '[newswatch] Digest: 0 stories in 0 topics (2025-11-06 08:00–09:00 UTC)'],
  ])('heads a digest of %s with counts and period', (_case, digest, subject) => {
    expect(renderDigestEmail(digest).subject).toBe(subject);
  });

  it('keeps a subject built from unreadable period values on one line within 200 characters', () => {
    const { subject } = renderDigestEmail(sampleDigest({ periodStart: `x\r\nBcc: evil@x.org ${'y'.repeat(300)}`, periodEnd: 'z' }));
    expect(subject).toMatch(/^\[newswatch\] Digest: 3 stories in 2 topics \(x Bcc: evil@x\.org y+…$/);
    expect([...subject]).toHaveLength(200);
  });

  it('marks new entities in both parts', () => {
    const { text, html } = renderDigestEmail(sampleDigest());
    for (const part of [text, html]) {
      expect(part).toContain('New: Kazakhstan — Kazakhstan joins the Abraham Accords');
      expect(part).toContain('Entities: Kazakhstan (new), Israel, United States');
    }
  });
});
