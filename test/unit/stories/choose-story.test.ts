import { afterAll, describe, expect, it } from 'vitest';
import {
  chooseStory,
  mergeKeyTerms,
  similarity,
  STORY_DEFAULTS,
  type StoryCandidate,
  type StoryInput,
} from '../../../src/stories/index.js';
import { termOverlap } from '../../../src/stories/choose-story.js';
import { fingerprintOf, inputOf, STORY_PAIRS, storyOf } from './story-pairs.js';

const HOUR_MS = 3_600_000;
const at = (base: Date, hours: number): Date => new Date(base.getTime() + hours * HOUR_MS);

const measured: string[] = [];

describe('chooseStory on the fixture pairs', () => {
  it.each(STORY_PAIRS)('groups $incoming after $story as $expected ($why)', ({ story, incoming, expected }) => {
    const choice = chooseStory(inputOf(incoming), [storyOf(story)]);
    const shared = termOverlap(new Set(fingerprintOf(incoming).keyTerms), new Set(fingerprintOf(story).keyTerms));
    const sim = similarity(fingerprintOf(story), fingerprintOf(incoming));
    measured.push(
      `| ${story} → ${incoming} | ${sim.toFixed(3)} | ${shared.shared} | ${shared.coverage.toFixed(2)} | ` +
        `${choice?.reason ?? 'new story'} |`,
    );
    expect(choice?.reason ?? null).toBe(expected);
    if (choice !== null) expect(choice.storyId).toBe(story);
  });

  afterAll(() => {
    // `STORY_TABLE=1 npx vitest run test/unit/stories` prints the table docs/stories.md shows.
    const header = '| pair | similarity | shared | coverage | decision |';
    if (process.env['STORY_TABLE']) console.log([header, ...measured].join('\n'));
  });
});

describe('chooseStory', () => {
  it('picks the matching one of two open stories about the same country', () => {
    const stories = [storyOf('kz-pipeline-same-day'), storyOf('kz-accession-gulf')];
    expect(chooseStory(inputOf('kz-accession-cable'), stories)?.storyId).toBe('kz-accession-gulf');
    expect(chooseStory(inputOf('kz-accession-wire-copy'), stories)).toMatchObject({
      storyId: 'kz-accession-gulf',
      reason: 'near-duplicate',
    });
  });

  it('prefers a story holding a near-duplicate over one sharing the event', () => {
    const copyStory = { ...storyOf('kz-accession-wire-copy'), id: 'copy' };
    const eventStory = { ...storyOf('kz-accession-cable'), id: 'event' };
    expect(chooseStory(inputOf('kz-accession-gulf'), [eventStory, copyStory])?.storyId).toBe('copy');
  });

  it('measures the window from lastSeen, so a story stays open while reports keep coming', () => {
    const story = storyOf('kz-accession-gulf');
    const longRunning: StoryCandidate = { ...story, lastSeen: at(story.firstSeen, 40) };
    const cable = inputOf('kz-accession-cable');
    const late = (hours: number): StoryInput => ({ ...cable, published: at(story.firstSeen, hours) });
    expect(chooseStory(late(80), [longRunning])?.reason).toBe('same-event');
    expect(chooseStory(late(80), [story])).toBeNull();
    expect(chooseStory(late(40 + 49), [longRunning])).toBeNull();
  });

  it('lets a report dated before the story began join within the window', () => {
    const story = storyOf('kz-accession-gulf');
    const early = { ...inputOf('kz-accession-cable'), published: at(story.firstSeen, -30) };
    expect(chooseStory(early, [story])?.reason).toBe('same-event');
    expect(chooseStory({ ...early, published: at(story.firstSeen, -49) }, [story])).toBeNull();
  });

  it('honours a per-call window', () => {
    const story = storyOf('kz-accession-gulf');
    const input = { ...inputOf('kz-accession-cable'), published: at(story.lastSeen, 30) };
    expect(chooseStory(input, [story], { windowMs: 24 * HOUR_MS })).toBeNull();
    expect(chooseStory(input, [story])?.reason).toBe('same-event');
    expect(chooseStory(input, [story], { windowMs: undefined })?.reason).toBe('same-event');
  });

  it('never groups by key terms across different primary entities', () => {
    const otherEntity = { ...storyOf('kz-accession-gulf'), primaryEntity: 'UZ' };
    expect(chooseStory(inputOf('kz-accession-cable'), [otherEntity])).toBeNull();
    expect(chooseStory(inputOf('kz-accession-wire-copy'), [otherEntity])?.reason).toBe('near-duplicate');
  });

  it('applies the cross-language rule only within its shorter window', () => {
    const story = storyOf('kz-accession-gulf');
    const arabic = inputOf('kz-accession-arabic');
    expect(chooseStory({ ...arabic, published: at(story.lastSeen, 11) }, [story])?.reason).toBe('cross-language');
    expect(chooseStory({ ...arabic, published: at(story.lastSeen, 13) }, [story])).toBeNull();
    expect(chooseStory(arabic, [{ ...story, primaryEntity: null }], {})).toBeNull();
  });

  it('returns null without candidates or with an invalid date', () => {
    expect(chooseStory(inputOf('kz-accession-gulf'), [])).toBeNull();
    const undated = { ...inputOf('kz-accession-wire-copy'), published: new Date(Number.NaN) };
    expect(chooseStory(undated, [storyOf('kz-accession-gulf')])).toBeNull();
  });
});

describe('mergeKeyTerms', () => {
  it('keeps the story terms first, adds new ones once and caps the list', () => {
    expect(mergeKeyTerms(['a', 'b'], ['b', 'c'])).toEqual(['a', 'b', 'c']);
    expect(mergeKeyTerms(['a', 'b'], ['c', 'd'], 3)).toEqual(['a', 'b', 'c']);
    const many = Array.from({ length: 100 }, (_, i) => `t${i}`);
    expect(mergeKeyTerms([], many)).toHaveLength(STORY_DEFAULTS.maxStoryTerms);
  });
});
