/**
 * What `npm run chat` prints for a bot message: Markdown as plain text, suggested actions as
 * lettered options that never look like the bot's own numbered lists, and which typed line
 * picks an option.
 */
import { describe, expect, it } from 'vitest';
import { optionFor, plainMarkdown, renderActivity } from '../../src/cli/renderActivity';

describe('renderActivity', () => {
  it('shows Markdown as text a person reads: no stars or backticks, links as "text (url)"', () => {
    expect(plainMarkdown('**Leerling (stap 4)** — de leerling')).toBe('Leerling (stap 4) — de leerling');
    expect(plainMarkdown('Zie [de handleiding](https://example.org/oso) en *let op*.')).toBe('Zie de handleiding (https://example.org/oso) en let op.');
    expect(plainMarkdown('Start met `npm start`.')).toBe('Start met npm start.');
    expect(plainMarkdown('# Samenvatting\n- Leerling: Zoë')).toBe('Samenvatting\n- Leerling: Zoë');
    // What is not Markdown stays as it is: a product, an e-mail address, snake_case.
    expect(plainMarkdown('2*3*4 is 24; anja_de_vries@school.nl')).toBe('2*3*4 is 24; anja_de_vries@school.nl');
  });

  it('letters the options, so "1" stays the bot\'s own number 1', () => {
    const lines = renderActivity({
      type: 'message',
      text: 'Naar keuze:\n1. VVE\n2. Verzuim',
      suggestedActions: { actions: [{ type: 'imBack', title: 'alle', value: 'alle' }, { type: 'imBack', title: 'geen', value: 'geen' }] },
    });
    expect(lines).toEqual(['Naar keuze:', '1. VVE', '2. Verzuim', '  a) alle', '  b) geen']);
    const options = [
      { title: 'alle', value: 'alle' },
      { title: 'geen', value: 'geen' },
    ];
    expect(optionFor('b', options)?.value).toBe('geen');
    expect(optionFor('B)', options)?.value).toBe('geen');
    expect(optionFor('1', options)).toBeUndefined();
    expect(optionFor('c', options)).toBeUndefined();
    expect(optionFor('ja', options)).toBeUndefined();
  });
});
