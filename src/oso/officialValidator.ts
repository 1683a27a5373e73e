/**
 * Runs the official technical files of the OSO-gegevensset 2019.1 against a document: the XSD
 * (with libxml2, compiled to WebAssembly) and the business-rule validator
 * ValideerOverstapprofielen.xsl (XSLT 2.0, with SaxonJS). The stylesheet is compiled to a SEF
 * once, into a cache directory outside the repository, and then runs in-process: spawning the
 * xslt3 CLI per document would cost seconds each.
 *
 * Used by the tests always, and at runtime when OSO_VALIDATOR_DIR points at the files.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

export interface OsoValidationResult {
  /** Schema errors, "regel N: message". */
  xsdErrors: string[];
  /** Business-rule messages of the official validator, "message (location)". */
  ruleErrors: string[];
}

export interface OfficialValidator {
  validate(xml: string): OsoValidationResult;
  /** Frees the WebAssembly schema; the validator cannot be used afterwards. */
  close(): void;
}

export const XSD_FILE = 'OSO_gegevensset_2019.1.xsd';
export const RULES_FILE = 'ValideerOverstapprofielen.xsl';
const RULES_INCLUDE = path.join('include', 'ValideerOSOgegevensset_2019.1.xsl');

/** Whether `dir` holds the files this validator needs. */
export function officialFilesPresent(dir: string): boolean {
  return [XSD_FILE, RULES_FILE, RULES_INCLUDE].every((f) => fs.existsSync(path.join(dir, f)));
}

// Minimal shapes of the two libraries (libxml2-wasm is ESM-only; saxon-js ships no types).
export interface XmlDoc { dispose(): void }
export interface Libxml2 {
  XmlDocument: { fromString(xml: string): XmlDoc; fromBuffer(b: Uint8Array): XmlDoc };
  XsdValidator: { fromDoc(doc: XmlDoc): { validate(doc: XmlDoc): void; dispose(): void } };
}
interface SaxonJs {
  transform(options: Record<string, unknown>, mode: 'sync'): { principalResult: string };
}

// tsc with module=commonjs turns import() into require(), which cannot load an ES module on
// Node 20; this keeps a real dynamic import. Inside vitest's module runner a Function has no
// import hook, so there the (runner-handled) ordinary import() is used instead.
const nativeImport = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<unknown>;

export async function loadLibxml2(): Promise<Libxml2> {
  const entry = require.resolve('libxml2-wasm');
  try {
    return (await nativeImport(pathToFileURL(entry).href)) as Libxml2;
  } catch (e) {
    if (!(e instanceof TypeError) || !/dynamic import callback/i.test(e.message)) throw e;
    const specifier: string = 'libxml2-wasm';
    return (await import(specifier)) as Libxml2;
  }
}

/**
 * Compiles the rule stylesheet to SEF once per content (the cache key is a hash of both XSLT
 * files and the compiler's version); returns the SEF's path.
 */
export async function compiledRulesPath(dir: string, cacheDir = path.join(os.tmpdir(), 'oso-validator-cache')): Promise<string> {
  const xslt3Main = require.resolve('xslt3/xslt3.js');
  const compilerVersion = (JSON.parse(fs.readFileSync(path.join(path.dirname(xslt3Main), 'package.json'), 'utf8')) as { version: string }).version;
  const hash = createHash('sha256');
  for (const f of [RULES_FILE, RULES_INCLUDE]) hash.update(fs.readFileSync(path.join(dir, f)));
  hash.update(compilerVersion);
  const target = path.join(cacheDir, `ValideerOverstapprofielen-${hash.digest('hex').slice(0, 16)}.sef.json`);
  if (fs.existsSync(target)) return target;

  fs.mkdirSync(cacheDir, { recursive: true });
  // Compile to a private name and rename: parallel test workers may compile at the same time.
  const temp = `${target}.${process.pid}.${Date.now()}.tmp.json`;
  try {
    await promisify(execFile)(process.execPath, [xslt3Main, `-xsl:${path.join(dir, RULES_FILE)}`, `-export:${temp}`, '-nogo'], {
      timeout: 120_000,
    });
    fs.renameSync(temp, target);
  } finally {
    fs.rmSync(temp, { force: true });
  }
  return target;
}

export async function createOfficialValidator(dir: string, options: { cacheDir?: string } = {}): Promise<OfficialValidator> {
  if (!officialFilesPresent(dir)) {
    throw new Error(`The OSO technical files (${XSD_FILE}, ${RULES_FILE} with include/) are not in ${dir}`);
  }
  const [libxml2, sefPath] = await Promise.all([loadLibxml2(), compiledRulesPath(dir, options.cacheDir)]);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const saxon = require('saxon-js') as SaxonJs;
  const sef: unknown = JSON.parse(fs.readFileSync(sefPath, 'utf8'));

  const xsdDoc = libxml2.XmlDocument.fromBuffer(fs.readFileSync(path.join(dir, XSD_FILE)));
  const schema = libxml2.XsdValidator.fromDoc(xsdDoc);
  let closed = false;

  function xsdErrorsOf(xml: string): string[] {
    let doc: XmlDoc;
    try {
      doc = libxml2.XmlDocument.fromString(xml);
    } catch (e) {
      return [`geen geldige XML: ${describe(e)}`];
    }
    try {
      schema.validate(doc);
      return [];
    } catch (e) {
      return describe(e).split('\n');
    } finally {
      doc.dispose();
    }
  }

  function ruleErrorsOf(xml: string): string[] {
    let out: string;
    try {
      out = saxon.transform({ stylesheetInternal: sef, sourceText: xml, destination: 'serialized' }, 'sync').principalResult;
    } catch (e) {
      return [`de validator kon het document niet lezen: ${e instanceof Error ? e.message : String(e)}`];
    }
    return [...out.matchAll(/<melding>[\s\S]*?<locatie>([\s\S]*?)<\/locatie>[\s\S]*?<tekst>([\s\S]*?)<\/tekst>[\s\S]*?<\/melding>/g)].map(
      (m) => `${unescapeXml(m[2]!.trim())} (${unescapeXml(m[1]!.trim())})`,
    );
  }

  return {
    validate(xml: string): OsoValidationResult {
      if (closed) throw new Error('OfficialValidator is closed');
      return { xsdErrors: xsdErrorsOf(xml), ruleErrors: ruleErrorsOf(xml) };
    },
    close(): void {
      if (closed) return;
      closed = true;
      schema.dispose();
      xsdDoc.dispose();
    },
  };
}

function describe(e: unknown): string {
  const details = (e as { details?: { message: string; line?: number }[] }).details;
  if (Array.isArray(details) && details.length > 0) {
    return details.map((d) => `regel ${d.line ?? '?'}: ${d.message.trim()}`).join('\n');
  }
  return e instanceof Error ? e.message : String(e);
}

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
