/** Zone abbreviations seen in real feeds that Date.parse does not know (RFC 822 only defines the US ones). */
const ZONES: Record<string, string> = {
  CET: '+0100', CEST: '+0200', BST: '+0100', EET: '+0200', EEST: '+0300', WET: '+0000', WEST: '+0100',
  MSK: '+0300', IST: '+0530', JST: '+0900', KST: '+0900', HKT: '+0800', SGT: '+0800', AEST: '+1000',
  AEDT: '+1100', NZST: '+1200', NZDT: '+1300',
};

/** A feed date, or null when it is not one. */
export function parseDate(raw: string): Date | null {
  let text = raw.trim();
  // V8's fallback parser reads almost anything with a number in it ("Item 1" is 2001-01-01): demand a year.
  if (!/\d{4}/.test(text)) return null;
  text = text.replace(/\b([A-Z]{3,4})$/, (zone) => ZONES[zone] ?? zone);
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : new Date(ms);
}
