import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, test } from 'vitest';
import { App } from '../../src/app/App';
import { buildTimeline } from '../../src/app/buildTimeline';
import type { ScenarioDoc } from '../../src/engine';
import { useUiStore } from '../../src/store/uiStore';
import { stageExtent } from '../../src/views/geometry/extent';
import { layoutStage } from '../../src/views/geometry/stageLayout';
import { StagePanel } from '../../src/views/stage/StagePanel';
import { SHORT_DOC } from '../../stories/fixtures';

const timeline = buildTimeline(SHORT_DOC);
const extent = stageExtent(timeline.frames);
const layout = layoutStage(extent);
/** After dev.migrate: A's pages 0–1 are device-private and mirrored by m0. */
const frame = timeline.frames[timeline.opStarts[5]! - 1]!;

function renderPanel() {
  return render(<StagePanel extent={extent} layout={layout} world={frame.world} changed={null} />);
}
const row = (name: RegExp) => screen.getByRole('img', { name });

beforeEach(() =>
  useUiStore.setState({
    zoom: 'fit',
    expandedRanges: [],
    hovered: null,
    pinned: null,
    reducedMotion: true,
  }),
);

describe('the stage panel', () => {
  test('hovering a device page shows its fields and what points to it', async () => {
    renderPanel();
    expect(screen.queryByTestId('details-card')).toBeNull();
    fireEvent.pointerOver(row(/^dev0:0: value/));
    const card = await screen.findByRole('complementary', { name: 'Details: struct page dev0:0' });
    expect(within(card).getByText('What points here')).toBeInTheDocument();
    const links = within(card).getAllByRole('button', { name: /page 0/ });
    expect(links.map((b) => b.textContent)).toEqual([
      'A page 0 · dev-private RW',
      'm0 page 0 · write',
    ]);
    // The entries pointing here are marked on the stage too.
    expect(row(/^Process A, page 0:/)).toHaveAttribute('data-mark', 'related');
    expect(row(/^dev0:0: value/)).toHaveAttribute('data-mark', 'inspected');
    fireEvent.pointerLeave(row(/^dev0:0: value/).closest('.stage-panel__canvas')!);
    expect(screen.queryByTestId('details-card')).toBeNull();
  });

  test('Enter pins a row so it stays; Escape lets go', async () => {
    const user = userEvent.setup();
    renderPanel();
    const pte = row(/^Process A, page 1:/);
    act(() => pte.focus());
    await user.keyboard('{Enter}');
    expect(useUiStore.getState().pinned).toEqual({ kind: 'pte', proc: 'A', page: 1 });
    act(() => pte.blur());
    const card = await screen.findByTestId('details-card');
    expect(card).toHaveTextContent('pinned');
    expect(card).toHaveTextContent('0–1 · rw · private');
    // Its "points to" link pins the frame instead.
    await user.click(within(card).getByRole('button', { name: /^dev0:1$/ }));
    expect(useUiStore.getState().pinned).toEqual({
      kind: 'frame',
      index: frame.world.devices.dev0!.base + 1,
    });
    act(() => row(/^dev0:1: value/).focus());
    await user.keyboard('{Escape}');
    expect(useUiStore.getState().pinned).toBeNull();
  });

  test('zoom buttons step the zoom; Fit goes back to fitting the width', async () => {
    const user = userEvent.setup();
    renderPanel();
    const zoom = screen.getByTestId('stage-zoom');
    expect(zoom).toHaveTextContent(/^Fit · \d+%$/);
    await user.click(screen.getByRole('button', { name: 'Zoom in' }));
    expect(zoom).toHaveTextContent('125%');
    const svg = screen.getByTestId('stage-svg');
    expect(parseFloat(svg.style.width)).toBeCloseTo(layout.width * 1.25);
    await user.click(screen.getByRole('button', { name: 'Fit to width' }));
    expect(useUiStore.getState().zoom).toBe('fit');
  });

  test('the stage is one Tab stop; ↑/↓ walk its rows', async () => {
    const user = userEvent.setup();
    renderPanel();
    const stops = screen.getByTestId('stage-svg').querySelectorAll('.stage-row[tabindex="0"]');
    expect(stops).toHaveLength(1);
    expect(stops[0]).toBe(row(/^Process A, page 0:/));
    act(() => row(/^Process A, page 0:/).focus());
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(row(/^Process A, page 1:/));
    expect(row(/^Process A, page 1:/)).toHaveAttribute('tabindex', '0');
    expect(row(/^Process A, page 0:/)).toHaveAttribute('tabindex', '-1');
    await user.keyboard('{ArrowUp}');
    expect(document.activeElement).toBe(row(/^Process A, page 0:/));
  });

  test('the stage is described in words for screen readers', () => {
    renderPanel();
    const svg = screen.getByRole('group', { name: 'Page tables and memory' });
    expect(svg).toHaveAccessibleDescription(/Process A: 2 dev-private RW\..*Mirror m0 of dev0/);
  });
});

const SPARSE: ScenarioDoc = {
  format: 'hmm-lab/scenario@1',
  title: 'Sparse',
  machine: { systemPages: 16, devices: [{ name: 'dev0', memory: 'private', pages: 16 }] },
  steps: [
    { op: 'spawn', proc: 'A' },
    { op: 'mmap', proc: 'A', page: 0, count: 64, prot: 'rw' },
    { op: 'cpu.write', proc: 'A', page: 10, count: 1, value: 5 },
  ],
};

describe('collapsed ranges in the app', () => {
  test('untouched pages are one row; expanding it shows them all, collapsing hides them', async () => {
    const user = userEvent.setup();
    render(<App scenarios={[{ id: 'sparse', doc: SPARSE }]} />);
    const range = screen.getByRole('button', {
      name: /^pages 11–63 · no entry, untouched · 53 · expand$/,
    });
    expect(range).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByRole('img', { name: /^Process A, page 40:/ })).toBeNull();
    act(() => range.focus());
    await user.keyboard('{Enter}');
    expect(screen.getByRole('img', { name: /^Process A, page 40:/ })).toBeInTheDocument();
    await user.click(
      screen.getByRole('button', { name: /^pages 11–63 · no entry, untouched · collapse$/ }),
    );
    expect(screen.queryByRole('img', { name: /^Process A, page 40:/ })).toBeNull();
  });
});

describe('switching scenarios', () => {
  test('a scenario with more memory than the last one opens without error (no stale state)', async () => {
    const user = userEvent.setup();
    const BIG: ScenarioDoc = {
      ...SPARSE,
      title: 'More memory',
      machine: { systemPages: 64, devices: [{ name: 'dev0', memory: 'private', pages: 32 }] },
      steps: [
        { op: 'spawn', proc: 'A' },
        { op: 'mmap', proc: 'A', page: 0, count: 40, prot: 'rw' },
        { op: 'cpu.write', proc: 'A', page: 0, count: 40, value: 3 },
      ],
    };
    render(
      <App
        scenarios={[
          { id: 'short', doc: SHORT_DOC },
          { id: 'big', doc: BIG },
        ]}
      />,
    );
    await user.selectOptions(screen.getByRole('combobox', { name: 'Scenario' }), 'big');
    act(() => (document.activeElement as HTMLElement | null)?.blur());
    await user.keyboard('{End}');
    const svg = await screen.findByRole('group', { name: 'Page tables and memory' });
    // The summary is worked out after the paint, from the same scenario as the stage.
    await waitFor(() => expect(svg).toHaveAccessibleDescription(/Process A: 40 present RW\./));
    expect(
      screen.getByRole('img', { name: /^Process A, page 39: present RW entry to sys:/ }),
    ).toBeInTheDocument();
  });
});
