/**
 * Curated gazetteer data on top of the ISO names from i18n-iso-countries: short forms, demonyms, capitals used as
 * stand-ins, blocking phrases and the words that need a rule. Variants are `|`-separated; see docs/entities.md.
 */

/** Package locales whose names are matched (more locales, more collisions with ordinary words). */
export const LOCALES = 'en fr de es it pt nl pl ru uk kk tr ar fa he zh ja ko'.split(' ');

/** Locales whose names also match in their usual case forms (Казахстана, Росії). */
export const DECLINED_LOCALES = new Set(['ru', 'uk']);

/** Display name when the package's first English name is a formal one. */
export const DISPLAY: Record<string, string> = {
  BN: 'Brunei', CD: 'DR Congo', CG: 'Republic of the Congo', CN: 'China', CZ: 'Czechia', FM: 'Micronesia',
  GM: 'Gambia', IR: 'Iran', KR: 'South Korea', LA: 'Laos', MD: 'Moldova', MK: 'North Macedonia', PS: 'Palestine',
  RU: 'Russia', SY: 'Syria', TW: 'Taiwan', TZ: 'Tanzania', US: 'United States', VA: 'Vatican City',
  VG: 'British Virgin Islands', VI: 'U.S. Virgin Islands', FK: 'Falkland Islands',
};

/** Short forms and other names, any language (declined too when Cyrillic). */
export const ALIASES: Record<string, string> = {
  AE: 'UAE|Emirates|United Arab Emirates|Эмираты|Объединённые Арабские Эмираты|الإمارات|האמירויות|阿拉伯联合酋长国',
  BA: 'Bosnia', BN: 'Brunei', BO: 'Bolivia', BY: 'Belarus|Byelorussia|Беларусь|Белоруссия',
  CD: 'DRC|DR Congo|Democratic Republic of Congo|Congo-Kinshasa',
  CG: 'Republic of Congo|Congo-Brazzaville', CI: "Ivory Coast|Cote d'Ivoire", CV: 'Cabo Verde',
  CN: 'China|Китай|中国', CZ: 'Czech Republic|Czechia', FK: 'Falklands|Malvinas', FM: 'Micronesia',
  GB: 'UK|Britain|Great Britain|United Kingdom|England|Scotland|Wales|Northern Ireland|Британия|'
    + 'Соединённое Королевство',
  IR: 'Iran|Persia', KP: 'North Korea|DPRK|Северная Корея|КНДР', KR: 'South Korea|Republic of Korea|Южная Корея',
  KZ: 'Kazakstan|Қазақстан|قازاقستان', LA: 'Laos', MD: 'Moldova|Молдова', MK: 'North Macedonia|Macedonia',
  MM: 'Burma|Myanmar', NG: 'Niger Delta', NL: 'Netherlands|Holland', RE: 'Reunion Island',
  PS: 'Palestine|Palestinian Territories|Палестина',
  RU: 'Russia|Russian Federation', SA: 'Saudi Arabia|KSA|Kingdom of Saudi Arabia|المملكة العربية السعودية|סעודיה',
  SY: 'Syria', SZ: 'Swaziland', TL: 'East Timor|Timor-Leste', TR: 'Turkey|Türkiye', TW: 'Taiwan|Тайвань',
  TZ: 'Tanzania', VA: 'Vatican|Vatican City|Holy See|Ватикан', VE: 'Venezuela', VN: 'Vietnam|Viet Nam',
  US: 'US|USA|United States|United States of America|America|Соединённые Штаты|Соединённые Штаты Америки|Америка|'
    + 'أمريكا|امريكا|الولايات المتحدة الأمريكية|אמריקה|美国',
};

/** Adjectives and nouns for people, English; a plural in -s is added automatically. */
export const DEMONYMS: Record<string, string> = {
  AF: 'Afghan', AL: 'Albanian', DZ: 'Algerian', AO: 'Angolan', AR: 'Argentine|Argentinian', AM: 'Armenian',
  AU: 'Australian', AT: 'Austrian', AZ: 'Azerbaijani|Azeri', BH: 'Bahraini', BD: 'Bangladeshi', BY: 'Belarusian',
  BE: 'Belgian', BJ: 'Beninese', BT: 'Bhutanese', BO: 'Bolivian', BA: 'Bosnian', BW: 'Botswanan', BR: 'Brazilian',
  BN: 'Bruneian', BG: 'Bulgarian', BF: 'Burkinabe', BI: 'Burundian', KH: 'Cambodian', CM: 'Cameroonian',
  CA: 'Canadian', CF: 'Central African', TD: 'Chadian', CL: 'Chilean', CN: 'Chinese', CO: 'Colombian',
  CR: 'Costa Rican', HR: 'Croatian', CU: 'Cuban', CY: 'Cypriot', CZ: 'Czech', DK: 'Danish', DJ: 'Djiboutian',
  DO: 'Dominican', EC: 'Ecuadorian', EG: 'Egyptian', SV: 'Salvadoran', GQ: 'Equatorial Guinean', ER: 'Eritrean',
  EE: 'Estonian', ET: 'Ethiopian', FJ: 'Fijian', FI: 'Finnish', FR: 'French', GA: 'Gabonese', GM: 'Gambian',
  DE: 'German', GH: 'Ghanaian', GR: 'Greek', GT: 'Guatemalan', GN: 'Guinean', GW: 'Bissau-Guinean', GY: 'Guyanese',
  HT: 'Haitian', HN: 'Honduran', HU: 'Hungarian', IS: 'Icelandic', IN: 'Indian', ID: 'Indonesian', IR: 'Iranian',
  IQ: 'Iraqi', IE: 'Irish', IL: 'Israeli', IT: 'Italian', CI: 'Ivorian', JM: 'Jamaican', JP: 'Japanese',
  JO: 'Jordanian', KZ: 'Kazakh|Kazakhstani', KE: 'Kenyan', KW: 'Kuwaiti', KG: 'Kyrgyz', LA: 'Laotian', LV: 'Latvian',
  LB: 'Lebanese', LR: 'Liberian', LY: 'Libyan', LT: 'Lithuanian', LU: 'Luxembourgish', MG: 'Malagasy', MW: 'Malawian',
  MY: 'Malaysian', MV: 'Maldivian', ML: 'Malian', MT: 'Maltese', MR: 'Mauritanian', MU: 'Mauritian', MX: 'Mexican',
  MD: 'Moldovan', MN: 'Mongolian', ME: 'Montenegrin', MA: 'Moroccan', MZ: 'Mozambican', MM: 'Burmese', NA: 'Namibian',
  NP: 'Nepali|Nepalese', NL: 'Dutch', NZ: 'New Zealander', NI: 'Nicaraguan', NE: 'Nigerien', NG: 'Nigerian',
  MK: 'North Macedonian', NO: 'Norwegian', OM: 'Omani', PK: 'Pakistani', PS: 'Palestinian', PA: 'Panamanian',
  PG: 'Papua New Guinean', PY: 'Paraguayan', PE: 'Peruvian', PH: 'Filipino|Philippine', PL: 'Polish', PT: 'Portuguese',
  QA: 'Qatari', RO: 'Romanian', RU: 'Russian', RW: 'Rwandan', SA: 'Saudi', SN: 'Senegalese', RS: 'Serbian',
  SL: 'Sierra Leonean', SG: 'Singaporean', SK: 'Slovak', SI: 'Slovenian', SO: 'Somali', ZA: 'South African',
  SS: 'South Sudanese', ES: 'Spanish', LK: 'Sri Lankan', SD: 'Sudanese', SR: 'Surinamese', SE: 'Swedish', CH: 'Swiss',
  SY: 'Syrian', TW: 'Taiwanese', TJ: 'Tajik', TZ: 'Tanzanian', TH: 'Thai', TG: 'Togolese', TN: 'Tunisian',
  TR: 'Turkish', TM: 'Turkmen', UG: 'Ugandan', UA: 'Ukrainian', AE: 'Emirati', GB: 'British|Briton|Scottish|Welsh',
  US: 'American', UY: 'Uruguayan', UZ: 'Uzbek', VE: 'Venezuelan', VN: 'Vietnamese', YE: 'Yemeni', ZM: 'Zambian',
  ZW: 'Zimbabwean', XK: 'Kosovar', GE: 'Georgian', KR: 'South Korean', KP: 'North Korean',
};

/**
 * Capitals that news uses for the government. Left out because they mean something else as often: London, Paris,
 * Rome, Madrid, Brussels (EU), Vienna, The Hague, Tripoli (also Lebanon), Santiago, Lima, Sofia, Colombo, Kingston.
 */
export const CAPITALS: Record<string, string> = {
  AE: 'Abu Dhabi|Абу-Даби|أبوظبي|أبو ظبي', AF: 'Kabul', AL: 'Tirana', AM: 'Yerevan|Ереван', AO: 'Luanda',
  AR: 'Buenos Aires', AU: 'Canberra', AZ: 'Baku|Баку', BA: 'Sarajevo', BD: 'Dhaka', BF: 'Ouagadougou',
  BH: 'Manama|المنامة', BR: 'Brasilia', BY: 'Minsk|Минск', CA: 'Ottawa', CD: 'Kinshasa', CG: 'Brazzaville',
  CH: 'Bern', CN: 'Beijing|Пекин|بكين|北京', CO: 'Bogota', CU: 'Havana', CY: 'Nicosia', CZ: 'Prague',
  DE: 'Berlin', DK: 'Copenhagen', DZ: 'Algiers', EE: 'Tallinn', EG: 'Cairo|القاهرة', ER: 'Asmara',
  ET: 'Addis Ababa', FI: 'Helsinki', GE: 'Tbilisi|Тбилиси', GH: 'Accra', GN: 'Conakry', GR: 'Athens', HR: 'Zagreb',
  HU: 'Budapest', ID: 'Jakarta', IE: 'Dublin', IL: 'Jerusalem', IN: 'New Delhi', IQ: 'Baghdad|بغداد',
  IR: 'Tehran|Тегеран|طهران', JO: 'Amman', JP: 'Tokyo', KE: 'Nairobi', KG: 'Bishkek|Бишкек', KH: 'Phnom Penh',
  KP: 'Pyongyang', KR: 'Seoul', KZ: 'Astana|Nur-Sultan|Астана|أستانا|阿斯塔纳', LA: 'Vientiane', LB: 'Beirut',
  LT: 'Vilnius', LV: 'Riga', MA: 'Rabat|الرباط', MD: 'Chisinau', ME: 'Podgorica', MK: 'Skopje', ML: 'Bamako',
  MM: 'Naypyidaw', MN: 'Ulaanbaatar', MR: 'Nouakchott', MY: 'Kuala Lumpur', MZ: 'Maputo', NE: 'Niamey',
  NG: 'Abuja', NO: 'Oslo', NP: 'Kathmandu', OM: 'Muscat', PH: 'Manila', PK: 'Islamabad', PL: 'Warsaw',
  PT: 'Lisbon', QA: 'Doha', RO: 'Bucharest', RS: 'Belgrade', RU: 'Moscow|Москва|موسكو|מוסקבה|莫斯科', RW: 'Kigali',
  SA: 'Riyadh|Эр-Рияд|الرياض', SD: 'Khartoum|الخرطوم', SE: 'Stockholm', SN: 'Dakar', SO: 'Mogadishu',
  SS: 'Juba', SY: 'Damascus|دمشق', TD: "N'Djamena|Ndjamena", TH: 'Bangkok', TJ: 'Dushanbe|Душанбе',
  TM: 'Ashgabat|Ашхабад', TN: 'Tunis', TR: 'Ankara|Анкара|أنقرة', TW: 'Taipei', TZ: 'Dodoma',
  UA: 'Kyiv|Kiev|Киев|Київ', UG: 'Kampala', US: 'Washington|Washington DC|Вашингтон|واشنطن|וושינגטון|华盛顿',
  UZ: 'Tashkent|Ташкент', VE: 'Caracas', VN: 'Hanoi', XK: 'Pristina', YE: "Sanaa|Sana'a", ZA: 'Pretoria',
  ZM: 'Lusaka', ZW: 'Harare',
};

/** Russian adjective stems (lower case in text), declined with adjective endings. */
export const RU_ADJECTIVES: Record<string, string> = {
  KZ: 'казахстанск|казахск', RU: 'российск', US: 'американск', CN: 'китайск', IL: 'израильск', SA: 'саудовск',
  SY: 'сирийск', AE: 'эмиратск', BH: 'бахрейнск', MA: 'марокканск', SD: 'суданск', IR: 'иранск', TR: 'турецк',
  UA: 'украинск', GB: 'британск', FR: 'французск', DE: 'германск|немецк', JP: 'японск', IN: 'индийск',
  EG: 'египетск', JO: 'иорданск', BY: 'белорусск', UZ: 'узбекск', AZ: 'азербайджанск', GE: 'грузинск',
  AM: 'армянск', KG: 'киргизск|кыргызск', TJ: 'таджикск', TM: 'туркменск', PL: 'польск',
};

/** Adjective endings, Russian and Ukrainian. */
export const ADJECTIVE_ENDINGS = 'ий|ый|ой|ая|ое|ие|ые|ого|ому|им|ым|ом|ую|их|ых|ими|ыми|ою|ей|а|е|і|ої|у'.split('|');

/** Names that must be written in capitals to count ("US", not "us"). */
export const UPPER_ONLY = new Set(['us']);

/**
 * Phrases that contain a country name but do not mean the country; matching them consumes the words. Also names
 * from other locales that are ordinary words or first names in English or Russian text.
 */
export const BLOCKED = [
  'Latin America', 'South America', 'North America', 'Central America', 'Latin American', 'South American',
  'North American', 'Central American', 'Pan American', 'Bank of America', 'Voice of America', 'Captain America',
  'New Mexico', 'New Jersey', 'New England', 'New South Wales', 'New Guinea', 'Jersey City', 'Jersey Shore',
  'George Washington', 'University of Washington', 'Georgia State', 'Georgia Tech', 'Indian Ocean', 'Niger River',
  'River Niger',
  'Jordan River', 'River Jordan', 'Jordan Valley', 'East Jerusalem', 'Lake Chad', 'Holland America',
  'Guinea pig', 'Guinea pigs', 'Guinea fowl', 'Reunion',
  'Island', 'Grenade', 'Granada', 'Maurice', 'Mauricio', 'Dominique', 'Guadalupe', 'Chili', 'Indie', 'Oma', 'Cad',
  'Fas', 'Cin', 'Norfolk', 'Того', 'Садр', '中非', '马里兰', '오만', '말리', '가나', '수단', '인도적', 'عمان',
];

/** Names that stand for one of two countries: the first unless the article names only the second. */
export const AMBIGUOUS: Record<string, [string, string]> = {
  Congo: ['CD', 'CG'], Kongo: ['CD', 'CG'], Congolese: ['CD', 'CG'], Конго: ['CD', 'CG'], 刚果: ['CD', 'CG'],
  Korea: ['KR', 'KP'], Korean: ['KR', 'KP'], Корея: ['KR', 'KP'],
};
