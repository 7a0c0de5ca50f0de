import { describe, expect, it } from 'vitest';
import { resolveCountry } from '../../../../src/match/entities/index.js';

describe('resolveCountry', () => {
  it.each([
    ['Kazakhstan', 'KZ'], ['kz', 'KZ'], ['KAZ', 'KZ'], ['398', 'KZ'], ['Kazakh', 'KZ'], ['  kazakhstan ', 'KZ'],
    ['UAE', 'AE'], ['U.A.E.', 'AE'], ['United Arab Emirates', 'AE'], ['Emirati', 'AE'], ['Emirates', 'AE'],
    ['US', 'US'], ['U.S.', 'US'], ['USA', 'US'], ['United States of America', 'US'], ['America', 'US'],
    ['UK', 'GB'], ['Britain', 'GB'], ['Great Britain', 'GB'], ['Russia', 'RU'], ['Russian Federation', 'RU'],
    ['South Korea', 'KR'], ['Republic of Korea', 'KR'], ['North Korea', 'KP'], ['Czechia', 'CZ'],
    ['Czech Republic', 'CZ'], ['Turkey', 'TR'], ['Türkiye', 'TR'], ['Ivory Coast', 'CI'], ["Côte d'Ivoire", 'CI'],
    ['Burma', 'MM'], ['Holland', 'NL'], ['the Netherlands', 'NL'], ['Vatican', 'VA'], ['Holy See', 'VA'],
    ['Congo', 'CD'], ['Republic of the Congo', 'CG'], ['Saudi', 'SA'], ['SUDAN', 'SD'], ['Moldova', 'MD'],
    ['Казахстан', 'KZ'], ['Россия', 'RU'], ['كازاخستان', 'KZ'], ['الإمارات العربية المتحدة', 'AE'],
    ['קזחסטן', 'KZ'], ['哈萨克斯坦', 'KZ'], ['カザフスタン', 'KZ'], ['Kasachstan', 'KZ'], ['Émirats arabes unis', 'AE'],
    ['Marruecos', 'MA'], ['Bahreïn', 'BH'], ['Suudi Arabistan', 'SA'],
  ])('%s → %s', (input, code) => {
    expect(resolveCountry(input)?.code).toBe(code);
  });

  it.each(['Narnia', '', 'ZZ', 'XYZ', '999', 'Latin America', 'Astana', 'constructor'])('%j → null', (input) => {
    expect(resolveCountry(input)).toBeNull();
  });

  it('returns the English short name', () => {
    expect(resolveCountry('RU')).toEqual({ code: 'RU', name: 'Russia' });
    expect(resolveCountry('Emirati')).toEqual({ code: 'AE', name: 'United Arab Emirates' });
  });
});
