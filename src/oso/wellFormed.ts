/**
 * Whether an OSO document is well-formed XML with the OSO root element, read by libxml2 (the
 * parser of the official XSD check). Every dossier's document passes this before it becomes
 * "gereed", also when OSO_VALIDATOR_DIR is unset: a document the receiver cannot read is never
 * offered to LDOS.
 */
import { OSO_NAMESPACE } from '../domain/oso/osoCodes';
import { loadLibxml2, type Libxml2 } from './officialValidator';

interface ParsedDocument {
  root: { name: string; namespaceUri: string };
  dispose(): void;
}

export interface WellFormedProblem {
  /** Where the parser stopped (line of the document), when it says. */
  line?: number;
  /** The parser's own words (English; may quote document text, so not for the log). */
  detail: string;
}

let libxml2: Promise<Libxml2> | undefined;

/** What is wrong with the document as XML, or undefined when it is a well-formed OSO dossier. */
export async function wellFormedProblem(xml: string): Promise<WellFormedProblem | undefined> {
  const lib = await (libxml2 ??= loadLibxml2().catch((e: unknown) => {
    libxml2 = undefined;
    throw e;
  }));
  let doc: ParsedDocument;
  try {
    doc = lib.XmlDocument.fromString(xml) as unknown as ParsedDocument;
  } catch (e) {
    const first = (e as { details?: { message: string; line?: number }[] }).details?.[0];
    return { line: first?.line, detail: (first?.message ?? (e instanceof Error ? e.message : String(e))).trim() };
  }
  try {
    const { name, namespaceUri } = doc.root;
    if (name !== 'dossier' || namespaceUri !== OSO_NAMESPACE) return { detail: `root element {${namespaceUri}}${name} is not an OSO dossier` };
    return undefined;
  } finally {
    doc.dispose();
  }
}
