import type { BuiltinScenario } from '../src/app/builtinScenarios';
import type { ScenarioDoc } from '../src/engine';
import type { ScenarioOutline, StepOutline } from '../src/views/scenarioOutline';

/** A short real scenario: two pages written, mirrored, migrated to device memory, read back. */
export const SHORT_DOC: ScenarioDoc = {
  format: 'hmm-lab/scenario@1',
  title: 'Mirror a process and migrate two pages',
  summary: 'Process A writes two pages; a device mirrors them and migrates them to its memory.',
  machine: { systemPages: 8, devices: [{ name: 'dev0', memory: 'private', pages: 4 }] },
  steps: [
    { op: 'spawn', proc: 'A' },
    { op: 'mmap', proc: 'A', page: 0, count: 2, prot: 'rw' },
    { op: 'cpu.write', proc: 'A', page: 0, count: 2, values: [7, 8] },
    { op: 'mirror.open', proc: 'A', device: 'dev0', as: 'm0' },
    { op: 'dev.migrate', mirror: 'm0', page: 0, count: 2 },
    { op: 'cpu.read', proc: 'A', page: 1, count: 1 },
  ],
};

export const SHORT_SCENARIO: BuiltinScenario = { id: 'short', doc: SHORT_DOC };

/** The same scenario as the narration panel's list sees it. */
export const SHORT_OUTLINE: ScenarioOutline = {
  id: 'short',
  title: SHORT_DOC.title,
  summary: SHORT_DOC.summary,
  steps: SHORT_DOC.steps as readonly StepOutline[],
};
