/**
 * A parsed XML element as plain data, so the OSO reader stays pure (no parser in the domain)
 * and can be fed by any parser. Element order is kept; whitespace between elements is not
 * significant in OSO documents and is trimmed away by the helpers, not here.
 */
export interface XmlElementNode {
  name: string;
  namespace: string;
  attributes: Record<string, string>;
  children: XmlElementNode[];
  /** The element's own text (concatenated text nodes), untrimmed. */
  text: string;
}

export const child = (el: XmlElementNode | undefined, name: string): XmlElementNode | undefined => el?.children.find((c) => c.name === name);
export const childrenNamed = (el: XmlElementNode | undefined, name: string): XmlElementNode[] => el?.children.filter((c) => c.name === name) ?? [];

/** The trimmed text of a child element, undefined when absent or empty. */
export function textOf(el: XmlElementNode | undefined, name?: string): string | undefined {
  const target = name === undefined ? el : child(el, name);
  const t = target?.text.trim();
  return t ? t : undefined;
}

/** A path of child names: path(leerling, 'overstapadvies', 'advies'). */
export function path(el: XmlElementNode | undefined, ...names: string[]): XmlElementNode | undefined {
  return names.reduce<XmlElementNode | undefined>((at, n) => child(at, n), el);
}
