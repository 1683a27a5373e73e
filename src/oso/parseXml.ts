/**
 * Reads an XML document into a plain tree (see XmlTree) with libxml2, the parser the official
 * XSD check uses: strict (a document that is not well-formed is refused with its line), no
 * network access and no external entities. The tree is what the pure OSO reader works on.
 */
import type { XmlElementNode } from '../domain/oso/xmlTree';
import { loadLibxml2 } from './officialValidator';

export type ParsedXml = { ok: true; root: XmlElementNode } | { ok: false; problems: string[] };

// The parts of libxml2-wasm's DOM used here (the module is ESM-only and loaded dynamically).
interface DomNode {
  readonly next: DomNode | null;
}
interface DomElement extends DomNode {
  readonly name: string;
  readonly namespaceUri: string;
  readonly firstChild: DomNode | null;
  readonly attrs: { name: string; value: string }[];
}
interface DomText extends DomNode {
  readonly content: string;
}

export async function parseXml(content: string | Uint8Array): Promise<ParsedXml> {
  const libxml2 = (await loadLibxml2()) as unknown as {
    XmlDocument: { fromString(s: string): { root: DomElement; dispose(): void }; fromBuffer(b: Uint8Array): { root: DomElement; dispose(): void } };
    XmlElement: new (...args: never[]) => DomElement;
    XmlText: new (...args: never[]) => DomText;
    XmlCData: new (...args: never[]) => DomText;
  };
  let doc: { root: DomElement; dispose(): void };
  try {
    doc = typeof content === 'string' ? libxml2.XmlDocument.fromString(content) : libxml2.XmlDocument.fromBuffer(content);
  } catch (e) {
    return { ok: false, problems: describeParseError(e) };
  }
  try {
    const toTree = (el: DomElement): XmlElementNode => {
      const node: XmlElementNode = { name: el.name, namespace: el.namespaceUri, attributes: {}, children: [], text: '' };
      for (const a of el.attrs) node.attributes[a.name] = a.value;
      for (let c = el.firstChild; c; c = c.next) {
        if (c instanceof libxml2.XmlElement) node.children.push(toTree(c as DomElement));
        else if (c instanceof libxml2.XmlText || c instanceof libxml2.XmlCData) node.text += (c as DomText).content;
      }
      return node;
    };
    return { ok: true, root: toTree(doc.root) };
  } finally {
    doc.dispose();
  }
}

function describeParseError(e: unknown): string[] {
  const details = (e as { details?: { message: string; line?: number }[] }).details;
  if (Array.isArray(details) && details.length > 0) {
    return details.map((d) => `regel ${d.line ?? '?'}: ${d.message.trim()}`);
  }
  return [e instanceof Error ? e.message : String(e)];
}
