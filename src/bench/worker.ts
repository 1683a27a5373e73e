/**
 * One measurement in a fresh process (clean heap and JIT per figure): `node worker.js JSON`.
 * Prints the result as the last line of stdout.
 */
import { runInProcess, runPaired, type InProcessOptions, type PairedOptions } from './inProcess';
import { runMemory, type MemoryOptions } from './memory';

type Job = ({ kind: 'inProcess' } & InProcessOptions) | ({ kind: 'paired' } & PairedOptions) | ({ kind: 'memory' } & MemoryOptions);

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '{}') as Job;
  const result = job.kind === 'memory' ? await runMemory(job) : job.kind === 'paired' ? await runPaired(job) : await runInProcess(job);
  process.stdout.write(`\n${JSON.stringify(result)}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
