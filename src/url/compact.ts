/**
 * The link payload's compact form of a scenario (format v1 of the link, docs/scenario-format.md
 * "Links"): keys shortened, each step an array of its fields in a fixed order. It keeps the
 * default scenario's link under 600 characters. A link carries what plays — title, summary,
 * machine, steps — not `about`, which is what the library's gallery says about a scenario. The field orders below are part of the link
 * format, frozen: a field added to an op later is appended to its list, never inserted.
 */
import type { ScenarioDoc } from '../engine/trace';

export const STEP_FIELDS_V1: Readonly<Record<string, readonly string[]>> = {
  spawn: ['proc'],
  mmap: ['proc', 'page', 'count', 'prot', 'shared', 'peer'],
  munmap: ['proc', 'page', 'count'],
  mprotect: ['proc', 'page', 'count', 'prot'],
  'cpu.read': ['proc', 'page', 'count'],
  'cpu.write': ['proc', 'page', 'count', 'value', 'values'],
  exit: ['proc'],
  fork: ['proc', 'child'],
  'mirror.open': ['proc', 'device', 'as'],
  'mirror.close': ['mirror'],
  'dev.read': ['mirror', 'page', 'count'],
  'dev.write': ['mirror', 'page', 'count', 'value', 'values'],
  'dev.migrate': ['mirror', 'page', 'count'],
  'dev.migrate-back': ['mirror', 'page', 'count'],
  'dev.snapshot': ['mirror', 'page', 'count'],
  'dev.release': ['device'],
  'dev.exclusive': ['mirror', 'page', 'count'],
  'dev.check-exclusive': ['mirror', 'page', 'count'],
  'gup.get': ['proc', 'page', 'count', 'write', 'as'],
  'gup.pin': ['proc', 'page', 'count', 'write', 'longterm', 'as'],
  'gup.unpin': ['pin'],
  // Added with races (issue 7); each thread rides as its step object.
  race: ['threads', 'schedule'],
  // Added with the B8 toggle: madvise(MADV_PAGEOUT / MADV_COLD).
  madvise: ['proc', 'page', 'count', 'advice'],
  // Added with GMEM (issue 8): its KPI; mmap's `peer` (MAP_PEER_SHARED) appended above.
  'gm.dev-create': ['device', 'cap'],
  'gm.dev-destroy': ['device'],
  'gm.dev-register-physmem': ['device', 'page', 'count'],
  'gm.as-create': ['as', 'page', 'count'],
  'gm.as-destroy': ['as'],
  'gm.as-attach': ['as', 'device', 'proc', 'mode', 'activate'],
  'gm.dev-fault': ['proc', 'device', 'page', 'hint'],
  'gm.mmu': ['device', 'peer_map', 'peer_unmap', 'pmap_create'],
};

type PackedDevice = [string, string, number] | [string, string, number, string, unknown?];

/**
 * `{t, u?, m: [systemPages, [[name, memory, pages, driver?, mmu?]…], kernel?], s: [[op,
 * …fields]…]}`; the machine's `kernel` object (era, fixes, gmem) rides as is, third, only when
 * the scenario has one; a device's `driver` and `mmu` (GMEM) are appended only when present.
 */
export interface PackedScenario {
  t: string;
  u?: string;
  m: [number, PackedDevice[]] | [number, PackedDevice[], unknown];
  s: unknown[][];
}

function packMachine(doc: ScenarioDoc): PackedScenario['m'] {
  const devices = doc.machine.devices.map((d): PackedDevice => {
    if (d.driver === undefined && d.mmu === undefined) return [d.name, d.memory, d.pages];
    const row: PackedDevice = [d.name, d.memory, d.pages, d.driver ?? 'hmm'];
    if (d.mmu !== undefined) row.push(d.mmu);
    return row;
  });
  const k = doc.machine.kernel;
  return k === undefined
    ? [doc.machine.systemPages, devices]
    : [doc.machine.systemPages, devices, k];
}

export function packScenario(doc: ScenarioDoc): PackedScenario {
  const steps = doc.steps.map((step) => {
    const s = step as unknown as Record<string, unknown>;
    const fields = STEP_FIELDS_V1[s.op as string] ?? [];
    const row: unknown[] = [s.op, ...fields.map((f) => (s[f] === undefined ? null : s[f]))];
    while (row.length > 1 && row[row.length - 1] === null) row.pop();
    return row;
  });
  return {
    t: doc.title,
    ...(doc.summary !== undefined ? { u: doc.summary } : {}),
    m: packMachine(doc),
    s: steps,
  };
}

/**
 * The document a packed scenario stands for, not yet validated (the validator names what is
 * wrong, by the document's paths). Anything that is not the packed shape gives null.
 */
export function unpackScenario(p: Record<string, unknown>): unknown {
  const m = p.m;
  if (
    !Array.isArray(m) ||
    (m.length !== 2 && m.length !== 3) ||
    !Array.isArray(m[1]) ||
    !Array.isArray(p.s)
  )
    return null;
  const devices = (m[1] as unknown[]).map((d) =>
    Array.isArray(d)
      ? {
          name: d[0],
          memory: d[1],
          pages: d[2],
          ...(d.length > 3 ? { driver: d[3] } : {}),
          ...(d.length > 4 ? { mmu: d[4] } : {}),
        }
      : d,
  );
  const steps = (p.s as unknown[]).map((row) => {
    if (!Array.isArray(row) || typeof row[0] !== 'string') return row;
    const op = row[0];
    const fields = STEP_FIELDS_V1[op];
    const step: Record<string, unknown> = { op };
    row.slice(1).forEach((value, i) => {
      // A value past the op's fields keeps a name the validator reports as unknown.
      const key = fields?.[i] ?? `field${i + 1}`;
      if (value !== null) step[key] = value;
    });
    return step;
  });
  return {
    format: 'hmm-lab/scenario@1',
    title: p.t,
    ...(p.u !== undefined ? { summary: p.u } : {}),
    machine: { systemPages: m[0], devices, ...(m.length === 3 ? { kernel: m[2] } : {}) },
    steps,
  };
}
