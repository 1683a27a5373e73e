/**
 * Builds dist/ once before the suite: end-to-end tests start the real compiled server and
 * CLI as child processes, the way users run them. `npm test` builds (and type-checks) first
 * and sets OSO_DIST_BUILT; a direct `npx vitest run …` builds here, tolerating type errors in
 * unrelated files so one test file can still be run while work is in progress.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export default function setup(): void {
  if (process.env.OSO_DIST_BUILT === '1') return;
  const root = path.resolve(__dirname, '..');
  const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.json')], {
    cwd: root,
    encoding: 'utf8',
  });
  if (tsc.status !== 0) console.warn(`tsc reported errors (dist/ was still written):\n${tsc.stdout}${tsc.stderr}`);
}
