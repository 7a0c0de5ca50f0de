import { describe, expect, it } from 'vitest';
import { fitDigest, formatPeriod, omittedTopicsNote, viewDigest } from '../../../src/notify/digest-view.js';
import type { DigestView } from '../../../src/notify/digest-view.js';
import { ACCORDS, bigDigest, sampleArticle, sampleDigest, sampleStory } from './samples.js';

describe('formatPeriod', () => {
  it.each([
    ['2025-11-06T08:00:00.000Z', '2025-11-06T09:00:00.000Z', '2025-11-06 08:00–09:00 UTC'],
    ['2025-11-05T08:00:00.000Z', '2025-11-06T08:00:00.000Z', '2025-11-05 08:00 – 2025-11-06 08:00 UTC'],
    ['2025-11-06T10:00:00+05:00', '2025-11-06T11:30:00+05:00', '2025-11-06 05:00–06:30 UTC'],
    ['soon\r\nBcc: x', 'later', 'soon Bcc: x – later'],
  ])('shows %s to %s as %j', (start, end, expected) => {
    expect(formatPeriod(start, end)).toBe(expected);
  });
});

describe('viewDigest', () => {
  it('counts stories and topics, singular and plural', () => {
    expect(viewDigest(sampleDigest()).title).toBe('Digest: 3 stories in 2 topics');
    const one = sampleDigest({ topics: [{ topic: { ...ACCORDS }, alerts: [sampleStory({ ...ACCORDS }, '1', 'A')] }] });
    expect(viewDigest(one).title).toBe('Digest: 1 story in 1 topic');
  });

  it('keeps the digest order, heads new and updated stories, and leaves out topics without stories', () => {
    const digest = sampleDigest();
    digest.topics.splice(1, 0, { topic: { id: 'empty', name: 'Empty' }, alerts: [] });
    const view = viewDigest(digest);
    expect(view.topics.map((topic) => [topic.name, topic.stories.map((story) => story.heading)])).toEqual([
      [
        'Abraham Accords membership',
        ['New: Kazakhstan — Kazakhstan joins the Abraham Accords', 'Update: Israel and Saudi Arabia resume talks'],
      ],
      ['Gulf diplomacy', ['Qatar hosts Gulf summit']],
    ]);
    expect(view.topics[0]!.stories[0]!.meta).toBe(
      '3 articles · Kazakhstan (new), Israel, United States · The National, Fox News, Reuters',
    );
  });

  it('says whether anything is new and links the first story\'s first http(s) article', () => {
    const view = viewDigest(sampleDigest());
    expect(view.hasNew).toBe(true);
    expect(view.link).toBe('https://news.example.org/a?id=1&x=2');
    const plain = sampleStory({ ...ACCORDS }, '1', 'A');
    plain.articles = [sampleArticle({ url: 'javascript:alert(1)' })];
    const quiet = viewDigest(sampleDigest({ topics: [{ topic: { ...ACCORDS }, alerts: [plain] }] }));
    expect(quiet.hasNew).toBe(false);
    expect(quiet.link).toBeNull();
  });

  it('keeps feed text on one line in headings and meta', () => {
    const story = sampleStory({ ...ACCORDS }, '1', 'Big\r\nBcc: evil@x.org');
    story.story.sources = ['Src\r\nX-Evil: 1'];
    const [topic] = viewDigest(sampleDigest({ topics: [{ topic: { ...ACCORDS }, alerts: [story] }] })).topics;
    expect(topic!.stories[0]!.heading).toBe('Big Bcc: evil@x.org');
    expect(topic!.stories[0]!.meta).toBe('1 article · Israel · Src X-Evil: 1');
  });
});

describe('fitDigest', () => {
  /** Each shown topic heading or story costs one unit. */
  const units = (view: DigestView): number => view.topics.reduce((sum, topic) => sum + 1 + topic.stories.length, 0);
  const shape = (view: DigestView) => view.topics.map((topic) => [topic.name, topic.stories.length, topic.omitted]);

  it('shows everything when everything fits', () => {
    const view = fitDigest(viewDigest(bigDigest(3, 4)), (cut) => cut, () => true);
    expect(shape(view)).toEqual([['Topic 0', 4, 0], ['Topic 1', 4, 0], ['Topic 2', 4, 0]]);
    expect(omittedTopicsNote(view)).toBeNull();
  });

  it('shares the room round-robin, so one busy topic does not crowd out the others', () => {
    const digest = bigDigest(3, 20);
    digest.topics[1]!.alerts.splice(2);
    const view = fitDigest(viewDigest(digest), (cut) => cut, (cut) => units(cut) <= 15);
    expect(shape(view)).toEqual([['Topic 0', 5, 15], ['Topic 1', 2, 0], ['Topic 2', 5, 15]]);
  });

  it('keeps each topic\'s first stories, those with a new entity', () => {
    const view = fitDigest(viewDigest(bigDigest(2, 20)), (cut) => cut, (cut) => units(cut) <= 6);
    for (const topic of view.topics) expect(topic.stories.map((story) => story.heading.startsWith('New: '))).toEqual([true, true]);
  });

  it('counts topics that do not fit at all', () => {
    const view = fitDigest(viewDigest(bigDigest(5, 3)), (cut) => cut, (cut) => units(cut) <= 2);
    expect(shape(view)).toEqual([['Topic 0', 0, 3], ['Topic 1', 0, 3]]);
    expect(omittedTopicsNote(view)).toBe('+9 stories in 3 more topics');
  });

  it('renders about as often as there are stories shown, not stories given', () => {
    let renders = 0;
    fitDigest(viewDigest(bigDigest(3, 300)), (cut) => ((renders += 1), cut), (cut) => units(cut) <= 30);
    expect(renders).toBeLessThan(40);
  });
});
