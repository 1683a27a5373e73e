/**
 * The pieces that let the dialogs ignore Teams: card submits become text answers, Teams files
 * become ordinary attachments, mentions disappear, and a chat text becomes a card.
 */
import type { Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { answerButton, answerFromCardSubmit, checkboxCard, formButton, textCard } from '../../dialogs/shared/cards';
import { normalizeIncoming, TEAMS_FILE } from '../../src/teams/incoming';

describe('answerFromCardSubmit', () => {
  it('a button answers the text it stands for', () => {
    expect(answerFromCardSubmit(answerButton('Gereedmaken', 'ja').data)).toBe('ja');
  });

  it('a multi-select form answers its ticked values as a list', () => {
    expect(answerFromCardSubmit({ ...formButton('Verder', 'categorieen', 'geen').data, categorieen: 'vve,verzuim' })).toBe('vve, verzuim');
  });

  it('a form with nothing ticked answers its empty answer', () => {
    expect(answerFromCardSubmit({ ...formButton('Verder', 'categorieen', 'geen').data })).toBe('geen');
    expect(answerFromCardSubmit({ ...formButton('Verder', 'categorieen', 'geen').data, categorieen: '' })).toBe('geen');
  });

  it('leaves values that are not our submits alone', () => {
    expect(answerFromCardSubmit({ categorieen: 'vve' })).toBeUndefined();
    expect(answerFromCardSubmit('ja')).toBeUndefined();
    expect(answerFromCardSubmit(undefined)).toBeUndefined();
  });
});

const teamsMessage = (extra: Partial<Activity>): Activity =>
  ({
    type: 'message',
    channelId: 'msteams',
    recipient: { id: '28:bot', name: 'OSO-overstapbot' },
    from: { id: '29:user', aadObjectId: 'aad-1' },
    ...extra,
  }) as Activity;

describe('normalizeIncoming', () => {
  it('removes the bot mention (and Teams\' &nbsp;) from the text', () => {
    const a = teamsMessage({
      text: '<at>OSO-overstapbot</at>&nbsp;status zoe',
      entities: [{ type: 'mention', text: '<at>OSO-overstapbot</at>', mentioned: { id: '28:bot', name: 'OSO-overstapbot' } }],
    });
    normalizeIncoming(a);
    expect(a.text).toBe('status zoe');
  });

  it('keeps a mention of someone else', () => {
    const a = teamsMessage({
      text: 'vraag het <at>Anja</at>',
      entities: [{ type: 'mention', text: '<at>Anja</at>', mentioned: { id: '29:anja', name: 'Anja' } }],
    });
    normalizeIncoming(a);
    expect(a.text).toBe('vraag het <at>Anja</at>');
  });

  it('turns a Teams file into a contentUrl attachment and drops the HTML copy of the message', () => {
    const a = teamsMessage({
      text: '',
      attachments: [
        { contentType: TEAMS_FILE, name: 'Verslag.PDF', contentUrl: 'https://sharepoint/x', content: { downloadUrl: 'https://download/1', fileType: 'pdf' } },
        { contentType: TEAMS_FILE, name: 'plan.docx', content: { downloadUrl: 'https://download/2' } },
        { contentType: 'text/html', content: '<p></p>' },
      ],
    });
    normalizeIncoming(a);
    expect(a.attachments).toEqual([
      { contentType: 'application/pdf', contentUrl: 'https://download/1', name: 'Verslag.PDF' },
      { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', contentUrl: 'https://download/2', name: 'plan.docx' },
    ]);
  });

  it('fills in the text of a card submit, but never replaces typed text', () => {
    const submit = teamsMessage({ text: '', value: answerButton('Gereedmaken', 'ja').data });
    normalizeIncoming(submit);
    expect(submit.text).toBe('ja');
    const typed = teamsMessage({ text: 'nee', value: answerButton('Gereedmaken', 'ja').data });
    normalizeIncoming(typed);
    expect(typed.text).toBe('nee');
  });

  it('leaves other channels\' attachments as they are', () => {
    const html = { contentType: 'text/html', content: '<p>x</p>', name: 'pagina.html', contentUrl: 'data:text/html,x' };
    const a = teamsMessage({ channelId: 'emulator', text: '', attachments: [html] });
    normalizeIncoming(a);
    expect(a.attachments).toEqual([html]);
  });
});

describe('cards', () => {
  it('a chat text becomes a heading, facts and paragraphs', () => {
    const card = textCard('**Samenvatting**\n- Leerling: Zoë van den Berg\n- BRIN-nummer: 12AB\nHistorie:\n- 15 oktober 2026 om 12:00: gereed gemaakt door Anja')
      .content as Record<string, any>;
    expect(card.version).toBe('1.5');
    expect(card.body.map((e: any) => e.type)).toEqual(['TextBlock', 'FactSet', 'TextBlock', 'FactSet']);
    expect(card.body[0]).toMatchObject({ text: 'Samenvatting', weight: 'Bolder' });
    expect(card.body[1].facts).toEqual([
      { title: 'Leerling', value: 'Zoë van den Berg' },
      { title: 'BRIN-nummer', value: '12AB' },
    ]);
    expect(card.body[3].facts[0]).toEqual({ title: '15 oktober 2026 om 12:00', value: 'gereed gemaakt door Anja' });
  });

  it('the checkbox card preselects the chosen values', () => {
    const card = checkboxCard({
      titel: 'Categorieën', veld: 'categorieen', knop: 'Verder', leeg: 'geen', gekozen: ['vve'],
      keuzes: [{ titel: 'VVE', waarde: 'vve' }, { titel: 'Verzuim', waarde: 'verzuim' }],
    }).content as Record<string, any>;
    expect(card.body[1]).toMatchObject({ type: 'Input.ChoiceSet', isMultiSelect: true, value: 'vve' });
    expect(answerFromCardSubmit({ ...card.actions[0].data, categorieen: 'verzuim' })).toBe('verzuim');
  });
});
