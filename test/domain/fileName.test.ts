import { describe, expect, it } from 'vitest';
import { MAX_FILE_NAME, safeFileName } from '../../src/domain/text/fileName';

describe('safeFileName', () => {
  it('keeps the base name only, for / and \\ paths', () => {
    expect(safeFileName('../../etc/x.pdf')).toBe('x.pdf');
    expect(safeFileName('C:\\Users\\anja\\Documents\\verslag.pdf')).toBe('verslag.pdf');
    expect(safeFileName('..\\..\\x.docx')).toBe('x.docx');
    expect(safeFileName('map/')).toBe('bijlage');
    expect(safeFileName('..')).toBe('bijlage');
  });

  it('removes control and bidi characters (cleanText) and squeezes white space', () => {
    expect(safeFileName('rapport\u202Efdp.exe')).toBe('rapportfdp.exe');
    expect(safeFileName('ver\u0000slag\u0007.pdf')).toBe('verslag.pdf');
    expect(safeFileName('  plan\tvan\naanpak .pdf ')).toBe('plan van aanpak .pdf');
    expect(safeFileName('Zoe\u0308.pdf')).toBe('Zoë.pdf');
  });

  it('cuts a long name to a safe length, keeping the extension', () => {
    const name = safeFileName(`${'a'.repeat(300)}.pdf`);
    expect(name).toHaveLength(MAX_FILE_NAME);
    expect(name.endsWith('.pdf')).toBe(true);
    expect([...safeFileName('😀'.repeat(200))]).toHaveLength(MAX_FILE_NAME);
  });

  it('a missing or non-string name becomes "bijlage"', () => {
    expect(safeFileName(undefined)).toBe('bijlage');
    expect(safeFileName(42)).toBe('bijlage');
    expect(safeFileName('   ')).toBe('bijlage');
  });
});
