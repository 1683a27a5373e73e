/**
 * Issue 17: `npm run chat` prints what the bot sends with control and escape characters made
 * visible, so a name holding an ANSI sequence cannot recolour or rewrite the terminal.
 */
import { describe, expect, it } from 'vitest';
import type { ChannelActivity } from '../../src/channel/localChannel';
import { renderActivity } from '../../src/cli/renderActivity';

const RAW_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

describe('renderActivity shows control characters visibly', () => {
  it('in the text, card lines and options', () => {
    const activity = {
      type: 'message',
      text: 'Gevonden: Zoë \u001b[31mBerg\u001b[0m (groep 5)\nnog een regel\u0007',
      attachments: [{
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: 'Kaart \u001b]0;titel\u0007' }, { type: 'FactSet', facts: [{ title: 'Leerling', value: '\u009b2J' }] }] },
      }],
      suggestedActions: { actions: [{ type: 'imBack', title: 'Sem \u001b[2K', value: 'sem' }] },
    } as unknown as ChannelActivity;
    const lines = renderActivity(activity);
    expect(lines[0]).toBe('Gevonden: Zoë \\u{1b}[31mBerg\\u{1b}[0m (groep 5)');
    expect(lines).toContain('nog een regel\\u{7}');
    expect(lines.join('\n')).toContain('Kaart \\u{1b}]0;titel\\u{7}');
    expect(lines.join('\n')).toContain('Leerling: \\u{9b}2J');
    expect(lines.join('\n')).toContain('1) Sem \\u{1b}[2K');
    for (const line of lines) expect(line).not.toMatch(RAW_CONTROL);
  });
});
