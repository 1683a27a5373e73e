/**
 * `npm run bench -- --quick` runs every section end to end and writes the report. Timings are
 * the bench's business (docs/benchmarks.md); this only proves the script works.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'oso-bench-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run bench --quick', () => {
  it('measures every section (start-up too) and writes docs/benchmarks.md with a verdict per target', () => {
    const out = path.join(dir, 'benchmarks.md');
    const run = spawnSync(process.execPath, [path.join(ROOT, 'dist/src/bench/run.js'), '--quick', '--out', out], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 280_000,
    });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    const report = readFileSync(out, 'utf8');
    for (const heading of ['### 1. In-process', '### 2. Over HTTP', '### 3. Growth', '### 4. Memory', '### 5. Start-up', '### Targets']) {
      expect(report).toContain(heading);
    }
    expect(report).toMatch(/Machine: \d+ cores/);
    expect(report).toMatch(/Time ratio SQLite\/Memory at \d+ at a time \(per run\): \d+\.\d\d; median \d+\.\d\d\./);
    for (const reference of ['the echo bot', 'a bare Node server']) {
      expect(report).toMatch(new RegExp(`For context, ${reference} measured the same way .*max \\d+ turns/s; p50 at 1 conversation \\d+\\.\\d ms; p99 in an open loop at half its own max \\d+\\.\\d ms; median \\d+\\.\\d\\d × p50\\.`));
    }
    expect(report).toMatch(/At the load the bot was offered \(\d+ turns\/s\), medians of the p99: bare Node server \d+\.\d ms, echo bot \d+\.\d ms, bot \d+\.\d ms; the target allows the bot \d+\.\d ms\./);
    // The queueing floor, from the in-process SQLite turns (every turn of every run is a sample).
    expect(report).toMatch(/Queueing alone, simulated .*\(\d+ turns: p50 \d+\.\d\d ms, p99 \d+\.\d\d ms, max \d+\.\d ms\), has a p99 of \d+\.\d\d × the p50 of a turn alone/);
    expect(report).toMatch(/With every turn the same length it is 4\.[34]\d ×/); // M/D/1 at half load: ~4.36
    // One verdict per target, whatever the figures on this machine are.
    // Start-up: `npm start` in the repository, timed to its first answer, without compiling (dist/ is fresh).
    expect(report).toMatch(/to the bot's first answer on \/api\/messages \(its welcome\): \d+\.\d s per run; median \*\*\d+\.\d s\*\*\. No run compiled/);
    expect(report.match(/^- (PASS|FAIL) — /gm)).toHaveLength(6);
    expect(run.stdout).toMatch(/(PASS|FAIL) {2}SQLite\/Memory/);
  }, 300_000);
});
