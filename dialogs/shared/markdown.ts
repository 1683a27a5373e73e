/**
 * Data shown in chat as the literal text it is. Web Chat and Teams render the bot's text as
 * Markdown, so a pupil named "[Klik](http://evil.example)" would become a link, "![x](…)" an
 * image, "<img src=x onerror=…>" HTML (Teams renders some), "*x*" or "_x_" emphasis, a
 * backtick code and "# x" at the start of a line a heading. Each of those characters gets a
 * backslash, which CommonMark (Web Chat) and Teams show as the character itself.
 *
 * The rule in the dialogs: a TEXT template escapes the data it puts in; a problem message
 * (a Result from a parser, the domain or src/app) is plain text and is escaped whole where it
 * is shown (QuestionPrompt, or the dialog that sends it).
 */

/**
 * Characters that start links, images, HTML, emphasis, code or strike-through anywhere. A
 * masked BSN (*****1234, the bot's own) stays as it is: with every asterisk from data escaped
 * there is nothing it could pair with.
 */
const INLINE = /\*{5}(?=\d)|[\\`*_[\]<>~]/g;
/** `&lt;` and `&#60;` are read as the character they name: keep the ampersand literal. */
const ENTITY = /&(?=#?[A-Za-z0-9]+;)/g;
/** A heading marker at the start of a line. */
const HEADING = /^([ \t]*)#/gm;
/**
 * Web Chat and Teams turn "http://…" and "www.…" into links by themselves; escaping the colon
 * or the dot stops that. A bare "example.com" or e-mail address still becomes a link, but one
 * that shows exactly where it goes, unlike "[Klik](…)".
 */
const AUTOLINK = /:(?=\/\/)|(?<=\bwww)\./gi;

export function escapeMarkdown(text: string): string {
  return text
    .replace(INLINE, (c) => (c.length > 1 ? c : `\\${c}`))
    .replace(ENTITY, '\\&')
    .replace(HEADING, '$1\\#')
    .replace(AUTOLINK, '\\$&');
}
