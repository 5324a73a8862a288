import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { buildTimeline } from '../src/app/buildTimeline';
import type { ScenarioDoc } from '../src/engine';
import { stageExtent } from '../src/views/geometry/extent';
import { layoutStage } from '../src/views/geometry/stageLayout';
import { StageView } from '../src/views/stage/StageView';
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
    const extent = stageExtent(timeline.frames.map((f) => f.world));
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
    await expect(within(canvasElement).getByText(/pgmap ref 5 · free 0/)).toBeVisible();
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
