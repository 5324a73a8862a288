import { fireEvent, render, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, test } from 'vitest';
import { buildTimeline } from '../../src/app/buildTimeline';
import type { ScenarioDoc } from '../../src/engine';
import S18 from '../../src/scenarios/library/s18-dummy-driver-2015.json';
import { useUiStore } from '../../src/store/uiStore';
import { StepResult } from '../../src/views/editor/StepResult';
import { stageExtent } from '../../src/views/geometry/extent';
import { layoutStage } from '../../src/views/geometry/stageLayout';
import { NarrationPanel } from '../../src/views/NarrationPanel';
import { StagePanel } from '../../src/views/stage/StagePanel';
import type { StepOutline } from '../../src/views/scenarioOutline';
import type { TimelineFrame } from '../../src/views/timeline';

/**
 * S18 on the stage (the 2015 API, seed 000): HMM's swap entry in the CPU table, the dummy
 * driver's fake device memory with its bitmap and dpfn[] reservations, a mirror's two tables
 * with their dirty bits, and the ioctl counters in the result.
 */
const DOC = S18 as ScenarioDoc;
const timeline = buildTimeline(DOC);
const extent = stageExtent(timeline.frames);
const layout = layoutStage(extent);
/** The last frame of a step (0-based step index). */
const endOf = (step: number) => {
  const next = timeline.opStarts[step + 1];
  return next === undefined ? timeline.frames.length - 1 : next - 1;
};
/** The first micro-step of a step. */
const startOf = (step: number) => timeline.opStarts[step]!;
const MIGRATE = 5;
const WRITE = 6;

function renderAt(index: number) {
  const frame = timeline.frames[index]!;
  return render(
    <StagePanel
      extent={extent}
      layout={layout}
      world={frame.world}
      changed={frame.microstep?.changed ?? null}
      previous={timeline.frames[index - 1]?.world ?? null}
    />,
  );
}
const row = (name: string | RegExp) => screen.getByRole('img', { name });
const stage = () => screen.getByTestId('stage-svg');

beforeEach(() =>
  useUiStore.setState({
    zoom: 'fit',
    expandedRanges: [],
    hovered: null,
    pinned: null,
    reducedMotion: true,
  }),
);

describe("HMM's swap entry in a CPU page table (2015)", () => {
  test('is drawn as its own kind, with a glyph, a label and an arrow to the fake page', () => {
    renderAt(endOf(MIGRATE));
    const pte = row(
      "Process P1, page 0: HMM's swap entry (2015): the data is in fake device page 0.",
    );
    expect(pte).toHaveClass('pte--hmm');
    expect(pte).toHaveTextContent('HMM entry');
    expect(pte).toHaveTextContent('dummy0:0');
    // Told apart by shape as well as colour: the diamond glyph.
    expect(pte.querySelector('.stage-hmm-glyph')).not.toBeNull();
    expect(stage().querySelectorAll('.stage-arrow--hmm')).toHaveLength(2);
  });

  test('hovering it shows where the data is, and the fake page lists it among its pointers', async () => {
    renderAt(endOf(MIGRATE));
    fireEvent.pointerOver(row(/^Process P1, page 1:/));
    const card = await screen.findByRole('complementary', { name: 'Details: Process P1 · page 1' });
    expect(card).toHaveTextContent('HMM entry');
    expect(card).toHaveTextContent('fake device page 1 (dummy0:1)');
    fireEvent.pointerOver(row(/^dummy0:1: fake device page 1/));
    const page = await screen.findByRole('complementary', {
      name: 'Details: struct page dummy0:1',
    });
    expect(
      within(page)
        .getAllByRole('button', { name: /page 1/ })
        .map((b) => b.textContent),
    ).toEqual([
      'P1 page 1 · HMM entry',
      'M1 HMM table page 1 · write',
      'M1 device table page 1 · write',
    ]);
    expect(page).toHaveTextContent('set (in use)');
    // No free list: the bitmap is the allocator.
    expect(page).not.toHaveTextContent('free list next');
  });
});

describe('fake device memory (rmem_pages and the bitmap)', () => {
  test('is captioned as such, and each page shows its bitmap bit, not counters', () => {
    renderAt(endOf(WRITE));
    expect(stage()).toHaveTextContent('dummy0 · fake device memory');
    expect(stage()).toHaveTextContent('rmem_pages: ordinary pages the dummy driver pretends');
    expect(stage()).toHaveTextContent('the CPU cannot reach; allocated by a bitmap');
    expect(stage()).toHaveTextContent('2 of 8 bits set');
    const used = row('dummy0:0: fake device page 0, value 20, bitmap bit set (in use).');
    expect(used).toHaveTextContent('bit set');
    expect(used).not.toHaveTextContent('ref 1');
    expect(used.querySelector('.stage-bit--set')).not.toBeNull();
    // Untouched pages fold into one row, in the bitmap's words.
    expect(screen.getByRole('button', { name: /^dummy0:2 – dummy0:7 · bits clear/ })).toBeTruthy();
  });

  test('a page whose bit was cleared reads as free', () => {
    renderAt(endOf(7)); // the CPU read page 0 back: copy_from_device freed fake page 0
    const free = row('dummy0:0: fake device page 0, bitmap bit clear (free).');
    expect(free).toHaveTextContent('bit clear');
    expect(stage()).toHaveTextContent('1 of 8 bits set');
  });

  test('the in-flight MIGRATE_TO shows its dpfn[] reservations, then none', () => {
    renderAt(startOf(MIGRATE));
    expect(stage()).toHaveTextContent('dpfn[] in flight: [0, 1]');
    expect(
      row(
        'dummy0:1: fake device page 1, value 0, bitmap bit set (in use), reserved as dpfn[1] by the MIGRATE_TO in flight.',
      ),
    ).toHaveTextContent('dpfn[1]');
  });

  test('consumed reservations read −1, and no MIGRATE_TO in flight reads none', () => {
    const consumed = timeline.frames.findIndex((f) =>
      f.world.devices.dummy0?.dpfn?.every((d) => d === -1),
    );
    expect(consumed).toBeGreaterThan(0);
    const { unmount } = renderAt(consumed);
    expect(stage()).toHaveTextContent('dpfn[] in flight: [-1, -1] · -1 = copied');
    unmount();
    renderAt(endOf(MIGRATE));
    expect(stage()).toHaveTextContent('dpfn[]: none (no MIGRATE_TO in flight)');
  });
});

describe("a 2015 mirror's two tables", () => {
  test("HMM's own table is drawn beside the driver's, entry by entry, with dirty bits", () => {
    renderAt(endOf(WRITE));
    expect(stage()).toHaveTextContent('HMM mirror table (mirror->pt)');
    expect(stage()).toHaveTextContent('dummy device table (dmirror->pt)');
    const hmm = row(
      'Mirror M1, HMM mirror table, page 0: write entry to fake device page 0 (dummy0:0).',
    );
    expect(hmm).toHaveClass('hpt--write');
    expect(hmm).toHaveAttribute('data-inspect', 'hpt:M1:0');
    const dev = row(
      'Mirror M1, dummy device table, page 2: write entry to system page sys:2, dirty.',
    );
    expect(dev).toHaveTextContent('write · dirty');
    expect(dev).toHaveClass('entry--dirty');
    // Each table's entries have their arrows into memory.
    expect(stage().querySelectorAll('.stage-arrow--hpt-write')).toHaveLength(3);
    expect(stage().querySelectorAll('.stage-arrow--dpt-write')).toHaveLength(3);
  });

  test('only the table a micro-step changed lights up', () => {
    // HMM_DUMMY_WRITE sets the dirty bit in the driver's table only.
    renderAt(endOf(WRITE));
    expect(row(/^Mirror M1, dummy device table, page 0:/)).toHaveAttribute('data-changed');
    expect(row(/^Mirror M1, HMM mirror table, page 0:/)).not.toHaveAttribute('data-changed');
  });

  test('an HMM table entry can be pinned and inspected', async () => {
    renderAt(endOf(WRITE));
    fireEvent.click(row(/^Mirror M1, HMM mirror table, page 2:/));
    expect(useUiStore.getState().pinned).toEqual({ kind: 'hpt', mirror: 'M1', page: 2 });
    const card = await screen.findByRole('complementary', {
      name: 'Details: Mirror M1 · HMM mirror table · page 2',
    });
    expect(within(card).getByRole('button', { name: 'sys:2' })).toBeTruthy();
  });
});

describe('the dummy driver counters in the result', () => {
  const frame: TimelineFrame = timeline.frames[endOf(WRITE)]!;
  const outline = { id: 's18', title: DOC.title, steps: DOC.steps as readonly StepOutline[] };

  test('the narration lists them by their uapi names', () => {
    render(<NarrationPanel scenario={outline} frame={frame} />);
    const result = screen.getByTestId('narration-result');
    for (const [k, v] of [
      ['nsys_pages', '1'],
      ['nfaulted_sys_pages', '0'],
      ['ndev_pages', '2'],
      ['nfaulted_dev_pages', '0'],
    ])
      expect(result).toHaveTextContent(`${k} ${v}`);
  });

  test("the editor's step result shows them too", () => {
    render(<StepResult result={frame.result!} stale={false} />);
    expect(screen.getByTestId('step-result')).toHaveTextContent('ndev_pages 2');
    expect(screen.getByTestId('step-result')).toHaveTextContent('nsys_pages 1');
  });

  test('a result without them shows none', () => {
    render(<NarrationPanel scenario={outline} frame={timeline.frames[endOf(7)]!} />);
    expect(screen.getByTestId('narration-result')).not.toHaveTextContent('nsys_pages');
  });
});
