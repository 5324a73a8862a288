/** The mixed scenario of the engine benchmark (scripts/bench-engine.ts). */
import type { Step } from '../src/engine/index';
import type { ScenarioDoc } from '../src/engine/trace';

/** A deterministic mixed scenario: `ops` steps over `pages` pages (xorshift PRNG). */
export function mixedScenario(pages: number, ops: number, seed = 42): ScenarioDoc {
  let x = seed >>> 0 || 1;
  const rnd = (k: number) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % k;
  };
  const steps: Step[] = [
    { op: 'spawn', proc: 'A' },
    { op: 'mmap', proc: 'A', page: 0, count: pages, prot: 'rw' },
    { op: 'mirror.open', proc: 'A', device: 'dev0', as: 'm0' },
  ];
  while (steps.length < ops) {
    const count = 1 + rnd(Math.max(1, pages / 4));
    const page = rnd(pages - count + 1);
    const r = { page, count };
    switch (rnd(7)) {
      case 0:
        steps.push({ op: 'cpu.write', proc: 'A', ...r, value: rnd(1000) });
        break;
      case 1:
        steps.push({ op: 'cpu.read', proc: 'A', ...r });
        break;
      case 2:
        steps.push({ op: 'dev.migrate', mirror: 'm0', ...r });
        break;
      case 3:
        steps.push({ op: 'dev.read', mirror: 'm0', ...r });
        break;
      case 4:
        steps.push({ op: 'dev.write', mirror: 'm0', ...r, value: rnd(1000) });
        break;
      case 5:
        steps.push({ op: 'dev.migrate-back', mirror: 'm0', ...r });
        break;
      default:
        steps.push({ op: 'dev.snapshot', mirror: 'm0', ...r });
    }
  }
  return {
    format: 'hmm-lab/scenario@1',
    title: `bench ${pages} pages`,
    machine: { systemPages: 2 * pages + 64, devices: [{ name: 'dev0', memory: 'private', pages }] },
    steps,
  };
}
