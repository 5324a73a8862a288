import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { buildTimeline } from '../src/app/buildTimeline';
import type { ScenarioDoc } from '../src/engine';
import { stageExtent } from '../src/views/geometry/extent';
import { layoutStage } from '../src/views/geometry/stageLayout';
import { StageView } from '../src/views/stage/StageView';
import s10 from '../src/scenarios/library/s10-fork-device-private.json';
import { SHORT_DOC } from './fixtures';

interface Args {
  doc: ScenarioDoc;
  /** Which recorded frame to show: a kernel function name (its first micro-step), or 'end'. */
  at: string;
}

function frameOf(doc: ScenarioDoc, at: string) {
  const t = buildTimeline(doc);
  const i = at === 'end' ? t.frames.length - 1 : t.frames.findIndex((f) => f.microstep?.fn === at);
  return { timeline: t, frame: t.frames[Math.max(0, i)]! };
}

/** The stage on real engine states: each story runs a scenario and shows one recorded frame. */
const meta = {
  title: 'Stage/StageView',
  render: ({ doc, at }: Args) => {
    const { timeline, frame } = frameOf(doc, at);
    const extent = stageExtent(timeline.frames);
    return (
      <div style={{ padding: 12, overflow: 'auto' }}>
        <StageView
          extent={extent}
          layout={layoutStage(extent)}
          world={frame.world}
          changed={frame.microstep?.changed ?? null}
        />
      </div>
    );
  },
  args: { doc: SHORT_DOC, at: 'end' },
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<typeof meta>;

const labels = (el: HTMLElement, prefix: string) =>
  [...el.querySelectorAll(`[aria-label^="${prefix}"]`)].map((e) => e.getAttribute('aria-label'));

/** One process, before any device touches it: present entries to system RAM. */
export const OneProcess: Story = {
  args: { at: 'mmu_interval_notifier_insert' },
  play: async ({ canvasElement }) => {
    const rows = labels(canvasElement, 'Process A, page');
    await expect(rows).toHaveLength(2);
    for (const r of rows) await expect(r).toMatch(/present RW entry to sys:\d+/);
    await expect(within(canvasElement).getByText('Mirror m0 · dev0')).toBeVisible();
  },
};

/** Inside migrate_vma_setup: the CPU entries are migration entries and the pages are locked. */
export const MidMigration: Story = {
  args: { at: 'migrate_vma_unmap' },
  play: async ({ canvasElement }) => {
    const rows = labels(canvasElement, 'Process A, page');
    for (const r of rows) await expect(r).toMatch(/migration RW/);
    await expect(canvasElement.querySelectorAll('[aria-label*="locked"]').length).toBe(2);
    await expect(canvasElement.querySelectorAll('[data-changed]').length).toBeGreaterThan(0);
  },
};

/** The device's 4 pages all in use: no free page left on the driver's free list. */
export const DeviceFull: Story = {
  args: {
    doc: {
      ...SHORT_DOC,
      title: 'Fill the device',
      steps: [
        { op: 'spawn', proc: 'A' },
        { op: 'mmap', proc: 'A', page: 0, count: 4, prot: 'rw' },
        { op: 'cpu.write', proc: 'A', page: 0, count: 4, value: 1 },
        { op: 'mirror.open', proc: 'A', device: 'dev0', as: 'm0' },
        { op: 'dev.migrate', mirror: 'm0', page: 0, count: 4 },
      ],
    },
  },
  play: async ({ canvasElement }) => {
    const frames = labels(canvasElement, 'dev0:');
    await expect(frames).toHaveLength(4);
    for (const f of frames) await expect(f).toMatch(/owned by mirror m0/);
    await expect(
      within(canvasElement).getByText('owner dev0 · ref 5 (1 + 4) · free 0'),
    ).toBeVisible();
  },
};

/** Two devices, one private and one coherent, each with its own pgmap region. */
export const TwoDevices: Story = {
  args: {
    doc: {
      ...SHORT_DOC,
      title: 'Two devices',
      machine: {
        systemPages: 8,
        devices: [
          { name: 'dev0', memory: 'private', pages: 2 },
          { name: 'dev2', memory: 'coherent', pages: 2 },
        ],
      },
      steps: [
        { op: 'spawn', proc: 'A' },
        { op: 'mmap', proc: 'A', page: 0, count: 2, prot: 'rw' },
        { op: 'cpu.write', proc: 'A', page: 0, count: 2, values: [3, 4] },
        { op: 'mirror.open', proc: 'A', device: 'dev0', as: 'm0' },
        { op: 'mirror.open', proc: 'A', device: 'dev2', as: 'm2' },
        { op: 'dev.migrate', mirror: 'm0', page: 0, count: 1 },
        { op: 'dev.migrate', mirror: 'm2', page: 1, count: 1 },
      ],
    },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByText('dev0 · private')).toBeVisible();
    await expect(canvas.getByText('dev2 · coherent')).toBeVisible();
    const rows = labels(canvasElement, 'Process A, page');
    await expect(rows[0]).toMatch(/dev-private RW entry to dev0:/);
    // Device-coherent memory is mapped by an ordinary present PTE.
    await expect(rows[1]).toMatch(/present RW entry to dev2:/);
  },
};

/** Nothing has run yet: no process, no mirror; the device's pages all on the free list. */
export const Empty: Story = {
  args: { doc: { ...SHORT_DOC, title: 'Nothing yet', steps: [] }, at: 'end' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvasElement.querySelectorAll('[aria-label^="Process"]')).toHaveLength(0);
    await expect(canvas.getByText('dev0 · private')).toBeVisible();
    // Four untouched free device pages fold into one range row.
    await expect(
      canvas.getByRole('button', { name: /^dev0:0 – dev0:3 · free, never used/ }),
    ).toBeVisible();
  },
};

/**
 * Just after fork (domain.md S10): parent and child share one device-private page, read-only in
 * both, refcount and mapcount 2; the parent's mirror was invalidated.
 */
export const ForkSharedPages: Story = {
  args: { doc: s10 as ScenarioDoc, at: 'copy_page_range' },
  play: async ({ canvasElement }) => {
    const p1 = labels(canvasElement, 'Process P1, page 0');
    const p2 = labels(canvasElement, 'Process P2, page 0');
    await expect(p1[0]).toMatch(/dev-private R entry to dev0:0/);
    await expect(p2[0]).toMatch(/dev-private R entry to dev0:0/);
    await expect(labels(canvasElement, 'dev0:0')[0]).toMatch(/ref 2 · map 2/);
    await expect(labels(canvasElement, 'Mirror M, page 0')[0]).toMatch(/no device entry/);
    // Two arrows, one from each process, end on the same page.
    await expect(canvasElement.querySelectorAll('.stage-arrow--devicePrivate')).toHaveLength(2);
  },
};
