/**
 * The state machine of one gm_mapping (domain.md §2.18, the table under G5; seed 003
 * @12827-16600): its edges in words, and which edge a micro-step just took. The model's engine
 * runs the code (src/engine/gmem/devFault.ts, hostFault.ts); this file only names what it did.
 */
import type { GmMapping, MicroStep } from '../../engine';
import type { EdgeSpec, GmDiagramState } from '../geometry/gmemDiagram';

export type GmEdgeId =
  | 'nomap-device'
  | 'cpu-device'
  | 'device-cpu'
  | 'cpu-nomap'
  | 'nomap-cpu'
  | 'nomap-migrating'
  | 'nomap-error'
  | 'cpu-migrating'
  | 'device-nohint'
  | 'device-markhot'
  | 'device-unmapfail';

export interface GmEdge extends EdgeSpec {
  id: GmEdgeId;
  /** The event, short (drawn on the edge). */
  event: string;
  /** The row of the table: event, and its side effects (for the accessible name). */
  long: string;
}

/** One entry per row of the transition table (the CPU(NULL) row shares cpu-nomap). */
export const GM_EDGES: readonly GmEdge[] = [
  {
    id: 'nomap-device',
    from: 'NOMAP',
    to: 'DEVICE',
    event: 'gm_dev_fault ok',
    long: 'NOMAP to DEVICE on gm_dev_fault ok: the device maps fresh memory',
  },
  {
    id: 'cpu-device',
    from: 'CPU',
    to: 'DEVICE',
    labelSide: -1,
    event: 'gm_dev_fault ok (copy)',
    long: 'CPU to DEVICE on gm_dev_fault ok: CPU mapping zapped, data DMA-copied to the device, host page reference dropped',
  },
  {
    id: 'device-cpu',
    from: 'DEVICE',
    to: 'CPU',
    bend: -26,
    event: 'CPU fault → gm_host_fault_locked',
    long: 'DEVICE to CPU on a CPU fault, gm_host_fault_locked ok: the device copies back and unmaps; the CPU maps a new page',
  },
  {
    id: 'cpu-nomap',
    from: 'CPU',
    to: 'NOMAP',
    bend: 22,
    event: 'gm_dev_fault error',
    long: 'CPU to NOMAP on gm_dev_fault error (or a NULL page): CPU mapping zapped, host page reference dropped',
  },
  {
    id: 'nomap-cpu',
    from: 'NOMAP',
    to: 'CPU',
    bend: 22,
    event: 'CPU fault',
    long: 'NOMAP to CPU on a CPU fault: an ordinary zero-filled huge page',
  },
  {
    id: 'nomap-migrating',
    from: 'NOMAP',
    to: 'NOMAP',
    side: 'top',
    stack: 0,
    event: 'MIGRATING → +WILLNEED',
    long: 'NOMAP stays NOMAP, WILLNEED set, on gm_dev_fault returning GM_RET_MIGRATING',
  },
  {
    id: 'nomap-error',
    from: 'NOMAP',
    to: 'NOMAP',
    side: 'top',
    stack: 1,
    event: 'gm_dev_fault error',
    long: 'NOMAP stays NOMAP on gm_dev_fault error: the error is returned',
  },
  {
    id: 'cpu-migrating',
    from: 'CPU',
    to: 'CPU',
    side: 'bottom',
    stack: 0,
    labelStart: true,
    event: 'MIGRATING → +WILLNEED (CPU entries zapped!)',
    long: 'CPU stays CPU, WILLNEED set, on gm_dev_fault returning GM_RET_MIGRATING: the CPU mapping was zapped and the extra reference is kept',
  },
  {
    id: 'device-nohint',
    from: 'DEVICE',
    to: 'DEVICE',
    side: 'top',
    stack: 0,
    event: 'gm_dev_fault, no hint: ret 0',
    long: 'DEVICE stays DEVICE on gm_dev_fault without a hint: nothing to do, returns 0',
  },
  {
    id: 'device-markhot',
    from: 'DEVICE',
    to: 'DEVICE',
    side: 'top',
    stack: 1,
    event: 'MARK_HOT ok: peer_map again',
    long: 'DEVICE stays DEVICE on gm_dev_fault with MARK_HOT, ok: peer_map on the faulting device, no copy',
  },
  {
    id: 'device-unmapfail',
    from: 'DEVICE',
    to: 'DEVICE',
    side: 'bottom',
    stack: 0,
    event: 'CPU fault fails → SIGBUS',
    long: 'DEVICE stays DEVICE when the CPU fault fails (peer_unmap fails): the CPU gets SIGBUS',
  },
];

/** The state a mapping is drawn in (no gm_mapping yet: none lit). */
export function stateOf(m: GmMapping | undefined): GmDiagramState | null {
  return m === undefined ? null : m.flag;
}

type Step = Pick<MicroStep, 'phase' | 'narration'>;

/**
 * The edge a micro-step took for one chunk, from its phase (devFault.ts / hostFault.ts phase
 * names) and the mapping before it. Null when the step took none of the table's edges.
 */
export function takenEdge(
  ms: Step | null,
  before: GmMapping | undefined,
  after?: GmMapping,
): GmEdgeId | null {
  const from = before?.flag ?? 'NOMAP';
  if (ms === null) return after === undefined ? null : edgeByChange(from, before, after);
  switch (ms.phase) {
    case 'gm_dev_fault.set_device':
      return from === 'NOMAP' ? 'nomap-device' : from === 'CPU' ? 'cpu-device' : 'device-markhot';
    case 'gm_dev_fault.set_willneed':
      return from === 'NOMAP' ? 'nomap-migrating' : from === 'CPU' ? 'cpu-migrating' : null;
    case 'gm_dev_fault.peer_map_failed':
      return from === 'CPU' ? 'cpu-nomap' : from === 'NOMAP' ? 'nomap-error' : null;
    case 'gm_dev_fault.set_nomap':
      return 'cpu-nomap';
    case 'gm_dev_fault.mutex_lock':
      // The DEVICE branch without a hint decides here and only unlocks afterwards; the hint
      // is not in the state, so the narration (devFault.ts mutex_lock) tells the branches apart.
      return from === 'DEVICE' && ms.narration.includes('without a hint') ? 'device-nohint' : null;
    case '__do_huge_pmd_anonymous_page.set_pmd_at':
      return from === 'DEVICE' ? 'device-cpu' : from === 'NOMAP' ? 'nomap-cpu' : null;
    case '__do_huge_pmd_anonymous_page.sigbus':
      return from === 'DEVICE' ? 'device-unmapfail' : null;
    default:
      return null;
  }
}

/**
 * Without the micro-step (a view handed only the states): the edge a change of type or of the
 * WILLNEED mark shows. Self loops that change nothing but the lock cannot be told apart.
 */
function edgeByChange(
  from: GmDiagramState,
  before: GmMapping | undefined,
  after: GmMapping,
): GmEdgeId | null {
  const to = after.flag;
  if (from === to)
    return after.willneed && before?.willneed !== true
      ? from === 'NOMAP'
        ? 'nomap-migrating'
        : from === 'CPU'
          ? 'cpu-migrating'
          : null
      : null;
  return (GM_EDGES.find((e) => e.from === from && e.to === to)?.id ?? null) as GmEdgeId | null;
}
