/**
 * The editor's catalogue of ops: how the palette groups them, which inputs each step gets, and
 * what a new step starts with. The schema (src/scenarios/schema.ts) stays the judge of what is
 * valid; this file only decides how a step is presented and edited.
 */
import { SUPPORTED_OPS, type SupportedOp } from '../../engine';
import { type JsonObject, asArray, asObject } from './json';

/** How a field is edited. `ref:*` fields name something defined elsewhere (offered in a list). */
export type FieldKind =
  | 'page'
  | 'count'
  | 'prot'
  | 'advice'
  | 'flag'
  | 'values'
  | 'new-proc'
  | 'new-mirror'
  | 'new-pin'
  | 'new-as'
  | 'gm-mode'
  | 'gm-hint'
  | 'gm-ret'
  | 'ref:as'
  | 'ref:proc'
  | 'ref:mirror'
  | 'ref:device'
  | 'ref:pin';

export interface FieldSpec {
  readonly key: string;
  readonly label: string;
  readonly kind: FieldKind;
  readonly hint?: string;
}

const proc: FieldSpec = { key: 'proc', label: 'Process', kind: 'ref:proc' };
const mirror: FieldSpec = { key: 'mirror', label: 'Mirror', kind: 'ref:mirror' };
const device: FieldSpec = { key: 'device', label: 'Device', kind: 'ref:device' };
const page: FieldSpec = { key: 'page', label: 'First page', kind: 'page' };
const count: FieldSpec = { key: 'count', label: 'Pages', kind: 'count' };
const prot: FieldSpec = { key: 'prot', label: 'Protection', kind: 'prot' };
const values: FieldSpec = { key: 'value', label: 'Value', kind: 'values' };
const write: FieldSpec = { key: 'write', label: 'FOLL_WRITE (write access)', kind: 'flag' };
const gupAs: FieldSpec = { key: 'as', label: 'Handle name', kind: 'new-pin' };
const gmAs: FieldSpec = { key: 'as', label: 'Address space (gm_as)', kind: 'ref:as' };
const gmRet = (key: string, label: string): FieldSpec => ({ key, label, kind: 'gm-ret' });

/** The inputs of each op, in the order a reader says them. */
export const OP_FIELDS: Record<SupportedOp, readonly FieldSpec[]> = {
  // A race's threads and schedule are nested: edited in the JSON pane, replayed from the stage.
  race: [],
  spawn: [{ key: 'proc', label: 'New process', kind: 'new-proc' }],
  fork: [proc, { key: 'child', label: 'Child process', kind: 'new-proc' }],
  exit: [proc],
  mmap: [
    proc,
    page,
    count,
    prot,
    { key: 'shared', label: 'MAP_SHARED', kind: 'flag' },
    { key: 'peer', label: 'MAP_PEER_SHARED (GMEM)', kind: 'flag' },
  ],
  munmap: [proc, page, count],
  mprotect: [proc, page, count, prot],
  'cpu.read': [proc, page, count],
  'cpu.write': [proc, page, count, values],
  'mirror.open': [proc, device, { key: 'as', label: 'Mirror name', kind: 'new-mirror' }],
  'mirror.close': [mirror],
  'dev.read': [mirror, page, count],
  'dev.write': [mirror, page, count, values],
  'dev.migrate': [mirror, page, count],
  'dev.migrate-back': [mirror, page, count],
  'dev.snapshot': [mirror, page, count],
  'dev.exclusive': [mirror, page, count],
  'dev.check-exclusive': [mirror, page, count],
  'dev.release': [device],
  'gup.get': [proc, page, count, write, gupAs],
  'gup.pin': [
    proc,
    page,
    count,
    write,
    { key: 'longterm', label: 'FOLL_LONGTERM', kind: 'flag' },
    gupAs,
  ],
  'gup.unpin': [{ key: 'pin', label: 'Handle', kind: 'ref:pin' }],
  madvise: [proc, page, count, { key: 'advice', label: 'Advice (MADV_*)', kind: 'advice' }],
  // GMEM's KPI (seed 003). A gm_dev's capabilities (`cap`) are edited in the JSON pane.
  'gm.dev-create': [device],
  'gm.dev-destroy': [device],
  'gm.dev-register-physmem': [device, { ...page, label: 'First device page' }, count],
  'gm.as-create': [{ key: 'as', label: 'New address space', kind: 'new-as' }, page, count],
  'gm.as-destroy': [gmAs],
  'gm.as-attach': [
    gmAs,
    device,
    { ...proc, label: 'Calling process (current)' },
    { key: 'mode', label: 'gm_mmu_mode', kind: 'gm-mode' },
    { key: 'activate', label: 'activate (current context)', kind: 'flag' },
  ],
  'gm.dev-fault': [proc, device, page, { key: 'hint', label: 'Hint', kind: 'gm-hint' }],
  'gm.mmu': [
    device,
    gmRet('peer_map', 'peer_map returns'),
    gmRet('peer_unmap', 'peer_unmap returns'),
    gmRet('pmap_create', 'pmap_create returns'),
  ],
};

/** One line on what each op does, for the palette's tooltips and the op picker. */
export const OP_HINTS: Record<SupportedOp, string> = {
  race: 'Two or three threads whose kernel phases interleave (threads and schedule in JSON)',
  spawn: 'Start a new process (mm_struct)',
  fork: 'fork(): copy the process, copy-on-write',
  exit: 'Exit the process: unmap everything, close its mirrors',
  mmap: 'Map anonymous memory (MAP_FIXED)',
  munmap: 'Unmap a range',
  mprotect: 'Change the protection of a mapped range',
  'cpu.read': 'CPU loads, page by page',
  'cpu.write': 'CPU stores, page by page',
  'mirror.open': 'Open /dev/hmm_dmirror: mirror the process on a device',
  'mirror.close': 'Close the mirror (removes its notifier)',
  'dev.read': 'HMM_DMIRROR_READ: the device reads through hmm_range_fault',
  'dev.write': 'HMM_DMIRROR_WRITE: the device writes through hmm_range_fault',
  'dev.migrate': 'HMM_DMIRROR_MIGRATE_TO_DEV: move pages to device memory',
  'dev.migrate-back': 'HMM_DMIRROR_MIGRATE_TO_SYS: move pages back to system memory',
  'dev.snapshot': 'HMM_DMIRROR_SNAPSHOT: what the device would see, without faulting',
  'dev.exclusive': 'HMM_DMIRROR_EXCLUSIVE: make_device_exclusive per page',
  'dev.check-exclusive': 'HMM_DMIRROR_CHECK_EXCLUSIVE: are ATOMIC entries still there?',
  'dev.release': 'HMM_DMIRROR_RELEASE: evict all of the device’s memory',
  'gup.get': 'get_user_pages: take a reference per page',
  'gup.pin': 'pin_user_pages: take a pin per page',
  'gup.unpin': 'Release every page of a GUP handle',
  madvise: 'madvise(MADV_PAGEOUT / MADV_COLD): reclaim or age the range’s LRU pages',
  'gm.dev-create': 'gm_dev_create: register a device with GMEM (needs gmem=on)',
  'gm.dev-destroy': 'gm_dev_destroy: a TODO in the RFC — only the id is erased',
  'gm.dev-register-physmem': 'gm_dev_register_physmem: hand device memory to GMEM as an hnode',
  'gm.as-create': 'gm_as_create: a unified CPU + device address space',
  'gm.as-destroy': 'gm_as_destroy: free the address space and its contexts',
  'gm.as-attach': 'gm_as_attach: attach the device (pmap_create, current context, mems_allowed)',
  'gm.dev-fault': 'gm_dev_fault: the generic device fault handler, one huge-page chunk',
  'gm.mmu': 'Make the driver’s gm_mmu callbacks return a GM_RET_* value (fault injection)',
};

export const OP_GROUPS: readonly {
  readonly label: string;
  readonly ops: readonly SupportedOp[];
}[] = [
  { label: 'Process', ops: ['spawn', 'fork', 'exit', 'mmap', 'munmap', 'mprotect', 'madvise'] },
  { label: 'CPU', ops: ['cpu.read', 'cpu.write'] },
  {
    label: 'Mirror / device',
    ops: [
      'mirror.open',
      'mirror.close',
      'dev.read',
      'dev.write',
      'dev.migrate',
      'dev.migrate-back',
      'dev.snapshot',
      'dev.exclusive',
      'dev.check-exclusive',
      'dev.release',
    ],
  },
  { label: 'GUP', ops: ['gup.get', 'gup.pin', 'gup.unpin'] },
  {
    label: 'GMEM (RFC)',
    ops: [
      'gm.dev-create',
      'gm.dev-register-physmem',
      'gm.as-create',
      'gm.as-attach',
      'gm.dev-fault',
      'gm.mmu',
      'gm.as-destroy',
      'gm.dev-destroy',
    ],
  },
  { label: 'Concurrency', ops: ['race'] },
];

export function isKnownOp(op: unknown): op is SupportedOp {
  return typeof op === 'string' && (SUPPORTED_OPS as readonly string[]).includes(op);
}

/** The names a document defines, in order: what `ref:*` fields offer. */
export interface DocNames {
  readonly procs: readonly string[];
  readonly mirrors: readonly string[];
  readonly devices: readonly string[];
  readonly pins: readonly string[];
  /** GMEM address spaces (gm.as-create). */
  readonly ases: readonly string[];
}

export function namesOf(doc: unknown): DocNames {
  const procs = new Set<string>();
  const mirrors = new Set<string>();
  const pins = new Set<string>();
  const devices = new Set<string>();
  const ases = new Set<string>();
  const root = asObject(doc);
  for (const d of asArray(asObject(root?.machine)?.devices) ?? []) {
    const name = asObject(d)?.name;
    if (typeof name === 'string') devices.add(name);
  }
  for (const raw of asArray(root?.steps) ?? []) {
    const s = asObject(raw);
    if (!s) continue;
    const str = (k: string) => (typeof s[k] === 'string' ? (s[k] as string) : undefined);
    if (s.op === 'spawn' && str('proc')) procs.add(str('proc')!);
    if (s.op === 'fork' && str('child')) procs.add(str('child')!);
    if (s.op === 'mirror.open' && str('as')) mirrors.add(str('as')!);
    if ((s.op === 'gup.get' || s.op === 'gup.pin') && str('as')) pins.add(str('as')!);
    if (s.op === 'gm.as-create' && str('as')) ases.add(str('as')!);
  }
  return {
    procs: [...procs],
    mirrors: [...mirrors],
    devices: [...devices],
    pins: [...pins],
    ases: [...ases],
  };
}

/** `A`, `B`, … (then `P27`, …): the first process name the document does not use yet. */
function freshProc(used: readonly string[]): string {
  for (let c = 65; c <= 90; c++) {
    const n = String.fromCharCode(c);
    if (!used.includes(n)) return n;
  }
  for (let i = 27; ; i++) if (!used.includes(`P${i}`)) return `P${i}`;
}

function fresh(prefix: string, used: readonly string[]): string {
  for (let i = 0; ; i++) if (!used.includes(`${prefix}${i}`)) return `${prefix}${i}`;
}

/**
 * A new step of `op` that makes sense at the end of `doc`: it names the latest process, mirror
 * and handle, the first device, and fresh names for what it defines — so it usually runs as is.
 */
export function defaultStep(op: SupportedOp, doc: unknown): JsonObject {
  const n = namesOf(doc);
  const lastProc = n.procs.at(-1) ?? 'A';
  const lastMirror = n.mirrors.at(-1) ?? 'm0';
  const firstDevice = n.devices[0] ?? 'dev0';
  const range = { page: 0, count: op === 'mmap' ? 4 : 1 };
  switch (op) {
    case 'spawn':
      return { op, proc: freshProc(n.procs) };
    case 'fork':
      return { op, proc: lastProc, child: freshProc(n.procs) };
    case 'exit':
      return { op, proc: lastProc };
    case 'mmap':
      return { op, proc: lastProc, ...range, prot: 'rw' };
    case 'mprotect':
      return { op, proc: lastProc, ...range, prot: 'r' };
    case 'madvise':
      return { op, proc: lastProc, ...range, advice: 'PAGEOUT' };
    case 'munmap':
    case 'cpu.read':
      return { op, proc: lastProc, ...range };
    case 'cpu.write':
      return { op, proc: lastProc, ...range, value: 1 };
    case 'mirror.open':
      return { op, proc: lastProc, device: firstDevice, as: fresh('m', n.mirrors) };
    case 'mirror.close':
      return { op, mirror: lastMirror };
    case 'dev.write':
      return { op, mirror: lastMirror, ...range, value: 1 };
    case 'dev.release':
      return { op, device: firstDevice };
    case 'gup.get':
    case 'gup.pin':
      return { op, proc: lastProc, ...range, as: fresh('g', n.pins) };
    case 'gup.unpin':
      return { op, pin: n.pins.at(-1) ?? 'g0' };
    case 'gm.dev-create':
    case 'gm.dev-destroy':
      return { op, device: firstDevice };
    case 'gm.dev-register-physmem':
      return { op, device: firstDevice, page: 0, count: 4 };
    case 'gm.as-create':
      return { op, as: fresh('as', n.ases), page: 0, count: 1024 };
    case 'gm.as-destroy':
      return { op, as: n.ases.at(-1) ?? 'as0' };
    case 'gm.as-attach':
      return {
        op,
        as: n.ases.at(-1) ?? 'as0',
        device: firstDevice,
        proc: lastProc,
        mode: 'COHERENT_EXCLUSIVE',
        activate: true,
      };
    case 'gm.dev-fault':
      return { op, proc: lastProc, device: firstDevice, page: 0 };
    case 'gm.mmu':
      return { op, device: firstDevice, peer_map: 'GM_RET_MIGRATING' };
    case 'race':
      // A CPU load racing an munmap of the same page; threads and schedule are edited as JSON.
      return {
        op,
        threads: [
          { op: 'cpu.read', proc: lastProc, page: 0, count: 1 },
          { op: 'munmap', proc: lastProc, page: 0, count: 1 },
        ],
        schedule: [0, 1],
      };
    default:
      return { op, mirror: lastMirror, ...range };
  }
}

/** The step turned into another op: the new op's defaults, keeping the fields both share. */
export function convertStep(step: JsonObject, op: SupportedOp, doc: unknown): JsonObject {
  const next = defaultStep(op, doc);
  for (const f of OP_FIELDS[op]) {
    if (f.kind === 'values') {
      if (step.values !== undefined) {
        delete next.value;
        next.values = step.values;
      } else if (step.value !== undefined) next.value = step.value;
    } else if (step[f.key] !== undefined) next[f.key] = step[f.key]!;
  }
  return next;
}
