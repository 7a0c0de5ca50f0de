import { describe, expect, it } from 'vitest';
import { compileTopics, snippet } from '../../../src/match/index.js';
import { article, matches, topic } from './topic-fixtures.js';

describe('matching across scripts', () => {
  it.each([
    // Latin with accents, either side
    ['"sao paulo"', 'Protestas en São Paulo', true],
    ['"são paulo"', 'PROTESTS IN SAO PAULO', true],
    ['zurich', 'Zürich', true],
    ['"cote d ivoire"', "Côte d'Ivoire", true],
    ['lodz', 'Łódź', true],
    ['strasse', 'Straße', true],
    ['straße', 'STRASSE', true],
    ['istanbul', 'ıstanbul', true],
    ['İstanbul', 'ISTANBUL', true],
    // Cyrillic, with a prefix inside a phrase
    ['казахстан', 'КАЗАХСТАН', true],
    ['"Авраам* соглашени*"', 'Казахстан присоединится к Соглашениям Авраама', false],
    ['"соглашени* авраам*"', 'Казахстан присоединится к Соглашениям Авраама', true],
    ['соглашени* NEAR/1 авраам*', 'к Соглашениям Авраама', true],
    ['казахстан NEAR/3 "соглашени* авраам*"', 'Казахстан присоединится к Соглашениям Авраама', true],
    ['казахстан NEAR/1 "соглашени* авраам*"', 'Казахстан присоединится к Соглашениям Авраама', false],
    // Greek
    ['οδος', 'ΟΔΟΣ', true],
    ['αθηνα', 'Αθήνα', true],
    // Arabic: harakat, tatweel, hamza seats
    ['محمد', 'قال مُحَمَّد', true],
    ['العربية', 'اللغة العـــربية', true],
    ['احمد', 'أحمد', true],
    ['كازاخستان', 'انضمت كازاخستان إلى اتفاقيات أبراهام', true],
    ['"اتفاقيات أبراهام"', 'انضمت كازاخستان إلى اتفاقيات أبراهام', true],
    // Hebrew niqqud
    ['שלום', 'שָׁלוֹם', true],
    ['"הסכמי אברהם"', 'קזחסטן תצטרף להסכמי אברהם', false],
    ['"להסכמי אברהם"', 'קזחסטן תצטרף להסכמי אברהם', true],
    // Chinese: a query word becomes the phrase of its segments
    ['哈萨克斯坦', '哈萨克斯坦加入亚伯拉罕协议', true],
    ['亚伯拉罕协议', '哈萨克斯坦加入亚伯拉罕协议。', true],
    ['"亚伯拉罕 协议"', '哈萨克斯坦加入亚伯拉罕协议', true],
    ['外交部', '中国外交部发言人表示', true],
    ['外交', '中国外交部发言人表示', false],
    ['外交*', '中国外交部发言人表示', true],
    // Japanese and Thai
    ['東京', '東京都に住んでいます', true],
    ['カザフスタン', 'カザフスタンがアブラハム合意に参加', true],
    ['テスト', 'ﾃｽﾄ', true],
    ['ไทย', 'ภาษาไทยง่ายนิดเดียว', true],
    // Compatibility forms
    ['tokyo', 'Ｔｏｋｙｏ', true],
    ['ｔｏｋｙｏ', 'Tokyo', true],
    ['finance', 'ﬁnance', true],
    ['2025', '٢٠٢٥', true],
  ])('%s on %j → %s', (query, text, expected) => {
    expect(matches(query, text)).toBe(expected);
  });
});

describe('headlines whose entities were decoded upstream', () => {
  it.each([
    // [query, decoded title, matches]
    ['"at t"', 'AT&T buys a stake', true],
    ['at&t', 'AT&T buys a stake', true],
    ['amp', 'AT&T buys a stake', false],
    ['"rock roll"', 'Rock & Roll Hall of Fame', true],
    ['"sao paulo"', 'Rally in São\u00a0Paulo', true],
    ['"abraham accords"', '“Abraham Accords” grow', true],
    ['kazakhstan', 'Kazakhstan’s move', true],
    ['"kazakh leader"', 'Kazakh\u00adleader', false],
    ['bundesregierung', 'Die Bundes\u00adregierung', true],
    ['میخواهم', 'می\u200cخواهم', true],
  ])('%s on the title %j → %s', (query, title, expected) => {
    expect(matches(query, article({ title }))).toBe(expected);
  });

  it('highlights the original characters in the snippet', () => {
    const art = article({ summary: 'Des manifestations à SÃO PAULO et à Zürich' });
    const [match] = compileTopics([topic('t', '"sao paulo" OR zurich')]).matchArticle(art);
    expect(snippet(art, match!.matchedTerms)).toBe('Des manifestations à «SÃO PAULO» et à «Zürich»');
  });
});
