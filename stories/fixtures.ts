import type { ScenarioOutline } from '../src/views/scenarioOutline';

/** A short scenario for the shell's stories: real ops of the scenario format, nothing drawn. */
export const SHORT_SCENARIO: ScenarioOutline = {
  id: 'short',
  title: 'Mirror a process and migrate two pages',
  summary: 'Process A writes two pages; a device mirrors them and migrates them to its memory.',
  steps: [
    { op: 'spawn', proc: 'A' },
    { op: 'mmap', proc: 'A', page: 0, count: 2, prot: 'rw' },
    { op: 'cpu.write', proc: 'A', page: 0, count: 2, values: [7, 8] },
    { op: 'mirror.open', proc: 'A', device: 'dev0', as: 'm0' },
    { op: 'dev.migrate', mirror: 'm0', page: 0, count: 2 },
    { op: 'cpu.read', proc: 'A', page: 1, count: 1 },
  ],
};
