#!/usr/bin/env node
/**
 * `npm start`: runs the compiled bot, compiling first only when a source is newer than what
 * it compiled to. `npm install` already builds (the `prepare` script), so a start takes
 * seconds, not the ~25 s of a full tsc run on two cores. Plain JavaScript: it runs before
 * anything is compiled.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const SOURCES = ['src', 'dialogs'];
const CONFIG = path.join(ROOT, 'tsconfig.json');
const ENTRY = path.join(ROOT, 'dist/src/index.js');

function* tsFiles(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* tsFiles(full);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) yield full;
  }
}

const mtime = (file) => {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
};

/** Each source with the file tsc compiles it to (one .js per .ts). */
function* sourcesAndOutputs() {
  for (const dir of SOURCES) {
    for (const source of tsFiles(path.join(ROOT, dir))) {
      yield [source, path.join(ROOT, 'dist', path.relative(ROOT, source)).replace(/\.ts$/, '.js')];
    }
  }
}

/** The first source whose compiled file is missing or older, or undefined. */
function staleSource() {
  let oldestOutput = Infinity;
  for (const [source, output] of sourcesAndOutputs()) {
    const built = mtime(output);
    if (built === undefined || built < mtime(source)) return path.relative(ROOT, source);
    oldestOutput = Math.min(oldestOutput, built);
  }
  return mtime(CONFIG) > oldestOutput ? 'tsconfig.json' : undefined;
}

const stale = staleSource();
if (stale) {
  let tscPath;
  try {
    tscPath = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
  } catch {
    console.error(`dist/ is older than ${stale}, and TypeScript is not installed to rebuild it. Run "npm install" (with its dev dependencies) first.`);
    process.exit(1);
  }
  console.log(`Compiling the TypeScript (${stale} changed since the last build)…`);
  const tsc = spawnSync(process.execPath, [tscPath, '-p', CONFIG], { cwd: ROOT, stdio: 'inherit' });
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
  // tsc does not rewrite a file whose source only got a new time (a checkout, an editor's
  // save without changes): mark those outputs current, or every start would compile again.
  const now = new Date();
  for (const [source, output] of sourcesAndOutputs()) {
    const built = mtime(output);
    if (built !== undefined && (built < mtime(source) || built < mtime(CONFIG))) fs.utimesSync(output, now, now);
  }
}
require(ENTRY);
