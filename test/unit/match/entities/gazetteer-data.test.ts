import { describe, expect, it } from 'vitest';
import { renderGazetteerModule } from '../../../../src/match/entities/compile.js';

describe('generated gazetteer', () => {
  // After editing aliases.ts or updating i18n-iso-countries: `npx vitest run test/unit/match/entities -u`.
  it('gazetteer-data.ts is what compile.ts makes of the package and aliases.ts', async () => {
    await expect(renderGazetteerModule()).toMatchFileSnapshot('../../../../src/match/entities/gazetteer-data.ts');
  });
});
