/**
 * A deterministic synthetic news corpus for the stories benchmark: events (one country, a few event-specific
 * words) each reported by one to eight outlets in their own words over a day and a half, some as wire copies.
 */

import { pick, type Random } from './match-corpus.js';

// The seeded generator is the match benchmark's, so both benches draw from one PRNG.
export { createRandom } from './match-corpus.js';

const HOUR_MS = 3_600_000;

/** One synthetic report and the event it belongs to. */
export interface CorpusArticle {
  title: string;
  summary: string;
  content: string;
  published: Date;
  entity: string;
  eventId: number;
}

/** Reports that are a wire copy of the event's previous report. */
const WIRE_COPY_SHARE = 0.2;

/** A synthetic event: its country and the words every report of it draws on. */
export interface CorpusEvent {
  id: number;
  entity: string;
  country: string;
  start: number;
  words: string[];
}

// Code and name, as a string so the list stays readable: "KZ Kazakhstan, SD Sudan, …".
const COUNTRIES: ReadonlyArray<readonly [string, string]> = `KZ Kazakhstan, SD Sudan, JP Japan, GB Britain, GR Greece,
FR France, DE Germany, BR Brazil, IN India, NG Nigeria, EG Egypt, TR Turkey, UA Ukraine, PL Poland, MX Mexico,
AR Argentina, ID Indonesia, PK Pakistan, KE Kenya, ZA South Africa, SA Saudi Arabia, AE Emirates, MA Morocco,
BH Bahrain, IL Israel, IR Iran, CN China, KR Korea, VN Vietnam, PH Philippines`
  .split(',')
  .map((entry) => {
    const [code, ...name] = entry.trim().split(' ');
    return [code!, name.join(' ')] as const;
  });

const CONTENT = `ceasefire truce earthquake tsunami election ballot pipeline crude sanctions treaty accession summit strike protest
flood wildfire inflation interest mortgage tariff referendum budget merger outage embassy flights border troops
talks deal aid convoy funding vote court ruling parliament coalition minister governor president envoy delegation
agreement memorandum normalisation relations diplomatic security drone missile attack casualties hospital refugees
shelter evacuation firefighters aircraft villages coast magnitude aftershock reactor plant grid blackout bank lender
bond currency exports imports wheat fertiliser shipping port corridor railway highway bridge tunnel dam reservoir
drought harvest prices fuel subsidy strikers union wages pension reform constitution amendment judges prosecutor
indictment bribery corruption scandal resignation cabinet reshuffle opposition rally police arrests curfew hostage
release prisoner exchange mediators negotiators framework roadmap timetable investment stake acquisition shares
regulator antitrust probe fine license satellite launch rocket telescope vaccine outbreak virus clinic doctors
nurses teachers schools students exam scholarship festival stadium tournament final champions coach transfer record
heatwave storm cyclone landslide rescue divers miners collapse explosion factory warehouse cargo tanker spill
cleanup climate emissions solar wind turbine nuclear uranium lithium copper minerals mining concession tender
contract bidder consortium refinery`
  .split(/\s+/u);

const FILLER = `the a of in on and to for with after as by from that its their said officials told reporters over amid
under before while this which has have will would could also more than new first`.split(/\s+/u);

const OUTLET_VERBS = 'signs agrees rejects announces launches suspends approves blocks extends halts'.split(' ');

function sentence(random: Random, event: CorpusEvent, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    const roll = random();
    out.push(roll < 0.45 ? pick(random, FILLER) : roll < 0.8 ? pick(random, event.words) : pick(random, CONTENT));
  }
  return `${out.join(' ')}.`;
}

/** A new report of the event in an outlet's own words. */
export function reportEvent(random: Random, event: CorpusEvent, published: number): CorpusArticle {
  const headline = [event.country, pick(random, OUTLET_VERBS), ...[0, 1, 2].map(() => pick(random, event.words))];
  const lead = [0, 1, 2].map(() => sentence(random, event, 12 + Math.floor(random() * 8))).join(' ');
  return {
    title: headline.join(' '),
    summary: `${event.country} ${lead}`,
    content: '',
    published: new Date(published),
    entity: event.entity,
    eventId: event.id,
  };
}

/** A republished copy: the same lead under another headline. */
export function copyArticle(random: Random, original: CorpusArticle, published: number): CorpusArticle {
  const words = original.title.split(' ');
  const title = `${words[0]} ${pick(random, OUTLET_VERBS)} ${words.slice(2).reverse().join(' ')}`;
  return { ...original, title, published: new Date(published) };
}

/** A fresh event starting at `start` (ms since epoch). */
export function createEvent(random: Random, id: number, start: number): CorpusEvent {
  const [entity, country] = pick(random, COUNTRIES);
  const words = Array.from({ length: 8 }, () => pick(random, CONTENT));
  return { id, entity, country, start, words };
}

/** The stored articles, by publication date, and the events they report (indexed by id). */
export interface Corpus {
  articles: CorpusArticle[];
  events: CorpusEvent[];
}

/** `count` articles of events spread over `days` days before `end`, in publication order. */
export function createCorpus(random: Random, count: number, days: number, end: number): Corpus {
  const articles: CorpusArticle[] = [];
  const events: CorpusEvent[] = [];
  while (articles.length < count) {
    const event = createEvent(random, events.length, end - random() * days * 24 * HOUR_MS);
    events.push(event);
    const reports = 1 + Math.floor(random() * 8);
    for (let i = 0; i < reports && articles.length < count; i++) {
      const published = Math.min(end, event.start + random() * 36 * HOUR_MS);
      const previous = articles.at(-1);
      const copy = i > 0 && previous !== undefined && random() < WIRE_COPY_SHARE;
      articles.push(copy ? copyArticle(random, previous, published) : reportEvent(random, event, published));
    }
  }
  articles.sort((a, b) => a.published.getTime() - b.published.getTime());
  return { articles, events };
}
