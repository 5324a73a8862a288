import { fireEvent, render, screen, within } from '@testing-library/react';
import { cleanup } from '@testing-library/react';
import { beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { buildTimeline } from '../../src/app/buildTimeline';
import type { ScenarioDoc } from '../../src/engine';
import E2E from '../../src/scenarios/library/s19-gmem-end-to-end.json';
import MASK from '../../src/scenarios/library/s19-gmem-host-fault-mask.json';
import MIGRATING from '../../src/scenarios/library/s19-gmem-peer-map-migrating.json';
import FAILS from '../../src/scenarios/library/s19-gmem-peer-map-fails.json';
import { useUiStore } from '../../src/store/uiStore';
import { stageExtent } from '../../src/views/geometry/extent';
import { layoutStage } from '../../src/views/geometry/stageLayout';
import { StagePanel } from '../../src/views/stage/StagePanel';

/**
 * GMEM on the stage (seed 003, domain.md §2.18): the logical page table beside the CPU page
 * table and the pmaps, the gm_mapping state machine, the gm_mmu calls and GMEM's objects.
 */
function load(doc: ScenarioDoc) {
  const timeline = buildTimeline(doc);
  const extent = stageExtent(timeline.frames);
  const layout = layoutStage(extent);
  const endOf = (step: number) => {
    const next = timeline.opStarts[step + 1];
    return next === undefined ? timeline.frames.length - 1 : next - 1;
  };
  /** The first frame of `step` whose micro-step has this phase. */
  const at = (step: number, phase: string) => {
    const i = timeline.frames.findIndex((f) => f.step === step && f.microstep?.phase === phase);
    expect(i, `${phase} in step ${step}`).toBeGreaterThan(0);
    return i;
  };
  const renderAt = (index: number) => {
    const frame = timeline.frames[index]!;
    return render(
      <StagePanel
        extent={extent}
        layout={layout}
        world={frame.world}
        changed={frame.microstep?.changed ?? null}
        previous={timeline.frames[index - 1]?.world ?? null}
        microstep={frame.microstep}
      />,
    );
  };
  return { timeline, endOf, at, renderAt };
}

const e2e = load(E2E as ScenarioDoc);
const DEV_FAULT = 7;

// StagePanel loads GMEM's panel lazily (React.lazy): the first render suspends once, every
// later one renders at once. Warm it up so each test can query synchronously.
beforeAll(async () => {
  e2e.renderAt(e2e.endOf(DEV_FAULT));
  await screen.findByTestId('gmem-panel');
  cleanup();
});
const panel = () => screen.getByTestId('gmem-panel');
const chunkRow = (proc: string, chunk: number) =>
  panel().querySelector<HTMLElement>(`[data-gm-key="gm:lpt:${proc}:${chunk}"]`)!;
const state = (s: string) =>
  screen.getByTestId('gmem-diagram').querySelector(`[data-state="${s}"]`);
const edge = (id: string) =>
  screen.getByTestId('gmem-diagram').querySelector(`[data-edge="${id}"]`);
const objects = () => screen.getByTestId('gmem-objects');

beforeEach(() =>
  useUiStore.setState({
    zoom: 'fit',
    expandedRanges: [],
    hovered: null,
    pinned: null,
    reducedMotion: true,
  }),
);

describe('the logical page table', () => {
  test('c0 is CPU on its host page, mapped by the CPU page table, before the device fault', () => {
    e2e.renderAt(e2e.endOf(DEV_FAULT - 1));
    const row = chunkRow('P1', 0);
    expect(within(row).getByText('c0 (pages 0–3)')).toBeTruthy();
    expect(row.querySelector('.gmem-badge')).toHaveTextContent(/^CPU$/);
    expect(row).toHaveAccessibleName(/^P1 chunk c0 \(pages 0–3\): CPU, host page sys:\d/);
    // All four CPU entries present, each to one of the host page's frames; ctx0's pmap empty.
    expect(row.querySelectorAll('.gmem-cell[data-present]')).toHaveLength(4);
    expect(row).toHaveAccessibleName(/ctx0 pmap on npu0: none\.$/);
  });

  test('after gm.dev-fault c0 is DEVICE on npu0: no CPU entry, ctx0 maps npu0 pages', () => {
    e2e.renderAt(e2e.endOf(DEV_FAULT));
    const row = chunkRow('P1', 0);
    expect(row.querySelector('.gmem-badge')).toHaveTextContent(/^DEVICE$/);
    expect(row).toHaveAccessibleName(/: DEVICE on npu0\. CPU page table: page 0 none/);
    expect(row.querySelectorAll('.gmem-cell[data-present]')).toHaveLength(0);
    expect(row).toHaveTextContent('npu0:0 npu0:1 npu0:2 npu0:3');
  });

  test('the lock glyph shows while gm_dev_fault holds the mapping mutex, and the row lights', () => {
    e2e.renderAt(e2e.at(DEV_FAULT, 'gm_dev_fault.mutex_lock'));
    const row = chunkRow('P1', 0);
    expect(within(row).getByRole('img', { name: 'locked' })).toBeTruthy();
    expect(row).toHaveAttribute('data-changed');
    expect(row).toHaveAccessibleName(/gm_mapping locked/);
  });
});

describe('the gm_mapping state diagram', () => {
  test('lights the current state, and the edge CPU → DEVICE when set_device takes it', () => {
    e2e.renderAt(e2e.at(DEV_FAULT, 'gm_dev_fault.set_device'));
    expect(state('DEVICE')).toHaveAttribute('data-current');
    expect(state('CPU')).not.toHaveAttribute('data-current');
    expect(edge('cpu-device')).toHaveAttribute('data-taken');
    expect(screen.getByTestId('gmem-diagram').querySelectorAll('[data-taken]')).toHaveLength(1);
    expect(screen.getByTestId('gmem-diagram-caption')).toHaveTextContent(
      'P1 c0 (pages 0–3): DEVICE on npu0, locked. Just taken: gm_dev_fault ok (copy).',
    );
  });

  test('a second fault without a hint takes the DEVICE self loop; the CPU read takes DEVICE → CPU', () => {
    const { unmount } = e2e.renderAt(e2e.at(DEV_FAULT + 1, 'gm_dev_fault.mutex_lock'));
    expect(edge('device-nohint')).toHaveAttribute('data-taken');
    unmount();
    e2e.renderAt(e2e.at(10, '__do_huge_pmd_anonymous_page.set_pmd_at'));
    expect(edge('device-cpu')).toHaveAttribute('data-taken');
    expect(state('CPU')).toHaveAttribute('data-current');
  });

  test('no edge is lit when the micro-step did not change the chunk', () => {
    e2e.renderAt(e2e.endOf(DEV_FAULT));
    expect(state('DEVICE')).toHaveAttribute('data-current');
    expect(screen.getByTestId('gmem-diagram').querySelector('[data-taken]')).toBeNull();
  });

  test('MIGRATING leaves c0 CPU with the WILLNEED mark', () => {
    const mig = load(MIGRATING as ScenarioDoc);
    mig.renderAt(mig.at(8, 'gm_dev_fault.set_willneed'));
    expect(state('CPU')).toHaveAttribute('data-current');
    expect(state('CPU')).toHaveTextContent('+WILLNEED');
    expect(edge('cpu-migrating')).toHaveAttribute('data-taken');
    expect(chunkRow('P1', 0)).toHaveTextContent('WILLNEED');
  });

  test('the reader picks which chunk the diagram follows, with the keyboard', () => {
    const mask = load(MASK as ScenarioDoc);
    mask.renderAt(mask.endOf(10)); // c1 DEVICE, c0 DEVICE
    fireEvent.keyDown(chunkRow('P1', 1), { key: 'Enter' });
    expect(chunkRow('P1', 1)).toHaveAttribute('data-selected');
    expect(screen.getByTestId('gmem-diagram-caption')).toHaveTextContent(/^P1 c1 \(pages 4–7\)/);
  });
});

describe('gm_mmu calls into the device', () => {
  test('peer_map with copy true returns GM_RET_SUCCESS', () => {
    e2e.renderAt(e2e.at(DEV_FAULT, 'gm_dev_fault.peer_map'));
    const call = screen.getByTestId('gmem-call');
    expect(call).toHaveAttribute('data-fn', 'peer_map');
    expect(call).toHaveTextContent('npu0.peer_map(gmf{va: 0x0, size: HPAGE_SIZE, copy: true})');
    expect(call).toHaveTextContent('← GM_RET_SUCCESS');
    expect(call).toHaveAccessibleName(
      /calls npu0's peer_map\(.*copy: true\}\) for P1's chunk c0; it returns GM_RET_SUCCESS\./,
    );
  });

  test('MARK_HOT maps again without copy', () => {
    e2e.renderAt(e2e.at(9, 'gm_dev_fault.peer_map'));
    expect(screen.getByTestId('gmem-call')).toHaveTextContent('copy: false');
  });

  test('the host fault calls peer_unmap with copy; gm_as_attach calls pmap_create', () => {
    const { unmount } = e2e.renderAt(e2e.at(10, 'gm_host_fault_locked.peer_unmap'));
    expect(screen.getByTestId('gmem-call')).toHaveTextContent(
      'gm_host_fault_locked → npu0.peer_unmap(gmf{va: 0x0, size: HPAGE_SIZE, copy: true})',
    );
    unmount();
    e2e.renderAt(e2e.at(5, 'gm_as_attach.pmap_create'));
    const call = screen.getByTestId('gmem-call');
    expect(call).toHaveTextContent('npu0.pmap_create(dev, &ctx0->pmap)');
    expect(call).toHaveAttribute('data-ret', 'GM_RET_SUCCESS');
  });

  test('a failing peer_map shows its GM_RET; other micro-steps show no call', () => {
    const fails = load(FAILS as ScenarioDoc);
    const { unmount } = fails.renderAt(fails.at(8, 'gm_dev_fault.peer_map'));
    expect(screen.getByTestId('gmem-call')).toHaveAttribute('data-ret', 'GM_RET_FAILURE_UNKNOWN');
    expect(screen.getByTestId('gmem-call')).toHaveTextContent('← GM_RET_FAILURE_UNKNOWN');
    unmount();
    fails.renderAt(fails.at(8, 'gm_dev_fault.mutex_unlock'));
    expect(screen.getByTestId('gmem-call')).toHaveTextContent('No gm_mmu callback');
  });

  test('the host fault in c1 masks the address to 0 and unmaps c0', () => {
    const mask = load(MASK as ScenarioDoc);
    mask.renderAt(mask.at(11, 'gm_host_fault_locked.peer_unmap'));
    const call = screen.getByTestId('gmem-call');
    expect(call).toHaveTextContent('va: 0x0');
    expect(call).toHaveTextContent('P1 faulted in c1 (0x4000), but the masked va is 0x0');
  });
});

describe("GMEM's objects", () => {
  test('the device, its hnode, the address space, the context and mems_allowed', () => {
    e2e.renderAt(e2e.endOf(DEV_FAULT));
    const o = objects();
    expect(
      within(o).getByRole('listitem', {
        name: /^gm_dev npu0 · id 0 · REPLAYABLE; current_ctx: ctx0;/,
      }),
    ).toBeTruthy();
    expect(o).toHaveTextContent('gm_ctx_list as linked: ctx0 · attached: ctx0');
    expect(o).toHaveTextContent('registered_hnodes: 1 · driver pages used 4 of 8');
    expect(o).toHaveTextContent('node 1 · npu0');
    expect(o).toHaveTextContent('8 pages · 8 marked free (XA_MARK_0)');
    expect(o).toHaveTextContent('as0 · pages 0–1023');
    expect(o).toHaveTextContent(
      "mode COHERENT_EXCLUSIVE: planned behaviour — not used by the RFC's code",
    );
    expect(o).toHaveTextContent('pmap: c0');
    expect(o).toHaveTextContent('P1 · mems_allowed: nodes 0, 1');
    expect(o).toHaveTextContent('No live DMA mapping.');
  });

  test('the DMA mapping in flight is not marked; the one MIGRATING left behind is leaked', () => {
    const mig = load(MIGRATING as ScenarioDoc);
    const { unmount } = mig.renderAt(mig.at(8, 'gm_dev_fault.peer_map'));
    const live = within(objects()).getByRole('listitem', { name: /^DMA mapping for npu0/ });
    expect(live).toHaveAccessibleName(/, in flight\.$/);
    expect(live).not.toHaveAttribute('data-warn');
    unmount();
    mig.renderAt(mig.endOf(8));
    const leaked = within(objects()).getByRole('listitem', { name: /^DMA mapping for npu0/ });
    expect(leaked).toHaveAttribute('data-warn');
    expect(leaked).toHaveTextContent('leaked');
    expect(leaked).toHaveAccessibleName(/leaked: no operation will unmap it/);
  });

  test('after gm.as-destroy the device’s current_ctx dangles and the context says so', () => {
    const doc: ScenarioDoc = {
      ...(E2E as ScenarioDoc),
      title: 'gm_as_destroy leaves current_ctx dangling',
      steps: [...(E2E as ScenarioDoc).steps.slice(0, 6), { op: 'gm.as-destroy', as: 'as0' }],
    };
    const d = load(doc);
    d.renderAt(d.endOf(6));
    const o = objects();
    const dev = within(o).getByRole('listitem', { name: /^gm_dev npu0/ });
    expect(dev).toHaveAttribute('data-warn');
    expect(dev).toHaveTextContent('current_ctx: ctx0 (freed)');
    expect(dev).toHaveTextContent('current_ctx ctx0 dangles: gm_as_destroy freed it');
    const ctx = within(o).getByRole('listitem', { name: /^context ctx0/ });
    expect(ctx).toHaveTextContent("dangling: npu0's current_ctx still points here");
    expect(o).toHaveTextContent('No gm_as.');
    // A freed context's pmap is no longer drawn beside the logical page table.
    expect(screen.getByTestId('gmem-lpt-P1')).not.toHaveTextContent('ctx0 pmap');
  });

  test('what a micro-step changed lights up', () => {
    e2e.renderAt(e2e.at(5, 'gm_as_attach.mems_allowed'));
    expect(within(objects()).getByRole('listitem', { name: /^P1 · mems_allowed/ })).toHaveAttribute(
      'data-changed',
    );
    expect(within(objects()).getByRole('listitem', { name: /^gm_dev npu0/ })).not.toHaveAttribute(
      'data-changed',
    );
  });
});

describe("the GMEM device's memory in the stage", () => {
  test('is the driver’s pages, not a pgmap: in use, mapped by ctx0, no struct page counters', () => {
    e2e.renderAt(e2e.endOf(DEV_FAULT));
    const stage = screen.getByTestId('stage-svg');
    expect(stage).toHaveTextContent('npu0 · GMEM driver memory (no struct page)');
    expect(stage).not.toHaveTextContent('no pgmap');
    const page = screen.getByRole('img', {
      name: 'npu0:0: GMEM driver memory (no struct page), page 0, value 11, in use by the driver, mapped by ctx0 c0.',
    });
    expect(page).toHaveTextContent('ctx0 c0');
    expect(page).toHaveTextContent('no struct page');
    expect(page).not.toHaveTextContent('not registered');
  });

  test('before gm_dev_create its pages are not a gm_dev yet', () => {
    e2e.renderAt(e2e.endOf(1));
    expect(
      screen.getAllByRole('img', { name: /^npu0:\d+: .*not a gm_dev yet/ }).length,
    ).toBeGreaterThan(0);
  });
});

describe('an HMM scenario', () => {
  test('has no GMEM panel', () => {
    const hmm = load({
      format: 'hmm-lab/scenario@1',
      title: 'HMM only',
      machine: { systemPages: 8, devices: [{ name: 'dev0', memory: 'private', pages: 4 }] },
      steps: [
        { op: 'spawn', proc: 'A' },
        { op: 'mmap', proc: 'A', page: 0, count: 2, prot: 'rw' },
        { op: 'cpu.write', proc: 'A', page: 0, count: 2, values: [7, 8] },
        { op: 'mirror.open', proc: 'A', device: 'dev0', as: 'm0' },
        { op: 'dev.migrate', mirror: 'm0', page: 0, count: 2 },
      ],
    } as ScenarioDoc);
    hmm.renderAt(hmm.timeline.frames.length - 1);
    expect(screen.getByTestId('stage-svg')).toBeTruthy();
    expect(screen.queryByTestId('gmem-panel')).toBeNull();
    expect(screen.queryByText(/GMEM/)).toBeNull();
  });
});

describe('without the micro-step (a stage handed only states)', () => {
  test('the edge is told by the change of type, and no gm_mmu call is drawn', () => {
    const i = e2e.at(DEV_FAULT, 'gm_dev_fault.set_device');
    const frame = e2e.timeline.frames[i]!;
    const extent = stageExtent(e2e.timeline.frames);
    render(
      <StagePanel
        extent={extent}
        layout={layoutStage(extent)}
        world={frame.world}
        changed={frame.microstep?.changed ?? null}
        previous={e2e.timeline.frames[i - 1]!.world}
      />,
    );
    expect(edge('cpu-device')).toHaveAttribute('data-taken');
    expect(screen.queryByTestId('gmem-call')).toBeNull();
  });
});
