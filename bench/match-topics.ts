/**
 * Synthetic watch topics in the shapes real ones take: a quoted name with an OR of prefixes (the Abraham Accords
 * topic), NEAR, NOT, `title:` / `text:` scopes, OR groups, prefixes inside phrases. Their words come from the
 * content part of the vocabulary (ranks uniform over the rarer 98%: topics name things, not function words) and
 * from the names articles mention, so a fraction of articles match.
 */
import type { Corpus, Random } from './match-corpus.js';

/** Below this rank are the function words and the most common content words no one watches for. */
const FIRST_TOPIC_RANK = 1_000;
/** The most mentioned names are in a large share of all articles; a watch topic is about something more specific. */
const FIRST_TOPIC_NAME = 50;

function contentWord(corpus: Corpus, random: Random): string {
  const { vocabulary } = corpus;
  return vocabulary[FIRST_TOPIC_RANK + Math.floor(random() * (vocabulary.length - FIRST_TOPIC_RANK))]!;
}

/** A stem of a content word, as people write them (`sanction*`): the word without its last two characters. */
function prefix(corpus: Corpus, random: Random): string {
  const word = contentWord(corpus, random);
  const chars = [...word];
  return `${chars.slice(0, Math.max(5, chars.length - 2)).join('')}*`;
}

function name(corpus: Corpus, random: Random): string {
  return corpus.names[FIRST_TOPIC_NAME + Math.floor(random() * (corpus.names.length - FIRST_TOPIC_NAME))]!;
}

const SHAPES: readonly ((c: Corpus, r: Random) => string)[] = [
  (c, r) => `"${name(c, r)}" AND (${prefix(c, r)} OR ${prefix(c, r)} OR ${contentWord(c, r)})`,
  (c, r) => `${contentWord(c, r)} NEAR/5 ${contentWord(c, r)}`,
  (c, r) => `title:${contentWord(c, r)} ${contentWord(c, r)} -${contentWord(c, r)}`,
  (c, r) => `(${contentWord(c, r)} OR ${contentWord(c, r)} OR ${contentWord(c, r)}) AND "${name(c, r)}"`,
  (c, r) => `${prefix(c, r)} AND ${contentWord(c, r)} NOT ${contentWord(c, r)}`,
  (c, r) => `title:(${contentWord(c, r)} OR ${contentWord(c, r)}) AND ${contentWord(c, r)}`,
  (c, r) => `"${name(c, r).replace(/(\S+)$/, (last) => `${[...last].slice(0, 5).join('')}*`)}"`,
  (c, r) => `text:"${name(c, r)}" NEAR (${contentWord(c, r)} OR ${prefix(c, r)})`,
  (c, r) => `title:"${name(c, r)}" OR ("${name(c, r)}" -"${name(c, r)}")`,
  (c, r) => `${contentWord(c, r)} ${contentWord(c, r)} OR ${contentWord(c, r)} NEAR/3 ${contentWord(c, r)}`,
];

/** `count` topic queries, deterministic for a given random state. */
export function createTopicQueries(corpus: Corpus, random: Random, count: number): string[] {
  const queries: string[] = [];
  for (let i = 0; i < count; i++) queries.push(SHAPES[i % SHAPES.length]!(corpus, random));
  return queries;
}
