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
    for (const heading of ['### 1. In-process', '### 2. Over HTTP', '### 3. Growth', '### 4. Memory', '### 5. Start-up', '### 6. Board', '### Targets']) {
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
    // The board (issue #22): --quick is 3 schools × 50 pupils; both stores measured, the ratio and the list sizes reported.
    const one = /^\| One school, 50 pupils \| \d+ \| \d+ \| (\d+) \| \d+\.\d \|$/m.exec(report);
    const board = /^\| Board of 3 schools × 50 pupils \| \d+ \| \d+ \| (\d+) \| \d+\.\d \|$/m.exec(report);
    expect(one, report).not.toBeNull();
    expect(board, report).not.toBeNull();
    // The board's store holds the other two schools' rosters, staff and spring waves too.
    expect(Number(board![1])).toBeGreaterThan(2 * Number(one![1]));
    expect(report).toMatch(/Time ratio board vs one school \(one school's turns\/s ÷ the board's, per run\): \d+\.\d\d; median \*\*\d+\.\d\d\*\*\./);
    // The acting school's lists: the same bytes in the board as alone (the roster of 50 is in its pupil index).
    const pupilIndex = /^\| pupil index \(`leerlingen:index`\) \| (\d+) \| (\d+) \|$/m.exec(report);
    expect(pupilIndex, report).not.toBeNull();
    expect(Number(pupilIndex![1])).toBeGreaterThan(50 * 40);
    expect(pupilIndex![2]).toBe(pupilIndex![1]);
    for (const list of ['largest dossier list of a user', 'pending notices', 'LDOS index']) {
      expect(report).toMatch(new RegExp(`^\\| ${list} .*\\| [1-9]\\d* \\| [1-9]\\d* \\|$`, 'm'));
    }
    const people = /The people index \(`gebruikers:index`\) is the board's, not a school's: (\d+) bytes alone, (\d+) bytes in the board/.exec(report);
    expect(people, report).not.toBeNull();
    expect(Number(people![2])).toBeGreaterThan(2 * Number(people![1]));
    expect(report).toMatch(/^- (PASS|FAIL) — board of 3 schools × 50 pupils vs one school ≤ 1\.1: \d+\.\d\d$/m);
    expect(report).toMatch(/^- PASS — list documents rewritten whole stay per school \(the board's for one school ≤ the school's alone\): pupil index \d+ vs \d+ bytes, all 7 lists ≤$/m);
    expect(report.match(/^- (PASS|FAIL) — /gm)).toHaveLength(8);
    expect(run.stdout).toMatch(/(PASS|FAIL) {2}SQLite\/Memory/);
  }, 300_000);
});
