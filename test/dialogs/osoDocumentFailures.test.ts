/**
 * Issue 17: before "gereed" the OSO document is always checked, also without OSO_VALIDATOR_DIR.
 * Here the builder itself is made to fail: once by throwing (one of its own rules), once by
 * producing a document that is not well-formed. Either way the dossier stays a concept.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startConversation } from '../helpers/botConversation';
import { loadFixtures, PUPILS } from '../helpers/dossierFixtures';
import { answerFrom } from '../helpers/dossierScript';
import { MemoryDocumentStore } from '../helpers/memoryDocumentStore';

const fault = vi.hoisted(() => ({ mode: 'none' as 'none' | 'throw' | 'broken' }));

vi.mock('../../src/domain/oso/buildOsoDocument', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/domain/oso/buildOsoDocument')>();
  return {
    ...real,
    buildOsoDocument: (input: Parameters<typeof real.buildOsoDocument>[0]) => {
      if (fault.mode === 'throw') throw new Error('OSO: no jaargroep for school year 2026-2027');
      const xml = real.buildOsoDocument(input);
      // A value that slipped past everything: an unescaped ampersand in the pupil's name.
      return fault.mode === 'broken' ? xml.replace('<achternaam>Berg</achternaam>', '<achternaam>Berg &bogus</achternaam>') : xml;
    },
  };
});

afterEach(() => {
  fault.mode = 'none';
});

async function makeReadyWith(mode: typeof fault.mode) {
  fault.mode = mode;
  const c = startConversation(new MemoryDocumentStore()); // no official validator
  await loadFixtures(c.repos);
  const reply = await answerFrom(c, 'start');
  return { reply, dossier: await c.repos.dossiers.get(PUPILS.zoe.leerlingnummer) };
}

describe('"gereed" with a failing OSO document builder', () => {
  it('a document that is not well-formed never becomes gereed', async () => {
    const { reply, dossier } = await makeReadyWith('broken');
    expect(reply.text).toContain('Het OSO-document van dit dossier is geen geldige XML (regel ');
    expect(reply.text).toContain('blijft een concept');
    expect(dossier?.status).toBe('concept');
    expect(dossier?.osoDocument).toBeUndefined();
  });

  it('a builder that refuses the data gives a Dutch message instead of a turn error', async () => {
    const { reply, dossier } = await makeReadyWith('throw');
    expect(reply.text).toContain('Het OSO-document van dit dossier kon niet worden gemaakt');
    expect(dossier?.status).toBe('concept');
  });

  it('the same conversation without a fault becomes gereed (the mock itself is harmless)', async () => {
    const { reply, dossier } = await makeReadyWith('none');
    expect(reply.text).toContain('status "gereed"');
    expect(dossier?.status).toBe('gereed');
  });
});
