/**
 * With OSO_VALIDATOR_DIR set, "gereed" also runs the official XSD and business-rule validator:
 * a document it accepts becomes gereed, one it rejects stays a concept with the reason.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOfficialValidator, type OfficialValidator } from '../../src/oso/officialValidator';
import { startConversation } from '../helpers/botConversation';
import { loadFixtures, PUPILS } from '../helpers/dossierFixtures';
import { answerFrom } from '../helpers/dossierScript';
import { MemoryDocumentStore } from '../helpers/memoryDocumentStore';
import { OSO_DIR } from '../oso/fixtures';
import { skipNote } from '../helpers/skipReason';

const present = fs.existsSync(OSO_DIR);
if (!present) console.warn(`Skipping the official-validator dialog test: ${OSO_DIR} is absent.`);

describe.runIf(present)(`"gereed" with the official OSO validator${skipNote(!present, `the official OSO-gegevensset files are not in ${OSO_DIR}`)}`, () => {
  let validator: OfficialValidator;
  beforeAll(async () => {
    validator = await createOfficialValidator(OSO_DIR);
  }, 120_000);
  afterAll(() => validator?.close());

  it('makes the dossier gereed when the official files accept its document', async () => {
    const c = startConversation(new MemoryDocumentStore(), { osoValidator: validator });
    await loadFixtures(c.repos);
    const reply = await answerFrom(c, 'start');
    expect(reply.text).toContain('status "gereed"');
    const d = await c.repos.dossiers.get(PUPILS.zoe.leerlingnummer);
    expect(d?.status).toBe('gereed');
    expect(validator.validate(d!.osoDocument!)).toEqual({ xsdErrors: [], ruleErrors: [] });
  });

  it('keeps a concept and says why when the official validator rejects the document', async () => {
    // The official validator's verdict on a document that breaks a rule (OVa.AI01 style).
    const rejecting = { validate: () => ({ xsdErrors: [], ruleErrors: ['Het veld inzage moet true zijn.'] }) };
    const c = startConversation(new MemoryDocumentStore(), { osoValidator: rejecting });
    await loadFixtures(c.repos);
    const reply = await answerFrom(c, 'start');
    expect(reply.text).toContain('De officiële OSO-controle keurt het dossier af: Het veld inzage moet true zijn.');
    expect(reply.text).toContain('blijft een concept');
    const d = await c.repos.dossiers.get(PUPILS.zoe.leerlingnummer);
    expect(d?.status).toBe('concept');
    expect(d?.osoDocument).toBeUndefined();
  });
});
