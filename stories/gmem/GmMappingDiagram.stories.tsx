import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect } from 'storybook/test';
import { GmMappingDiagram } from '../../src/views/gmem/GmMappingDiagram';
import { takenEdge } from '../../src/views/gmem/transitions';
import '../../src/views/gmem/gmem.css';
import { GMEM_DOCS, gmemFrame } from './gmemFrames';

interface Args {
  doc: keyof typeof GMEM_DOCS;
  step: number;
  phase?: string;
}

/** The state machine of P1's chunk c0 (domain.md §2.18) at one recorded micro-step. */
const meta = {
  title: 'GMEM/GmMappingDiagram',
  render: ({ doc, step, phase }: Args) => {
    const { frame, previous } = gmemFrame(GMEM_DOCS[doc], step, phase);
    const m = frame.world.gmem?.vmObjs.P1?.lpt[0];
    const before = previous?.gmem?.vmObjs.P1?.lpt[0];
    return (
      <div style={{ padding: 12, maxWidth: 560 }}>
        <GmMappingDiagram
          chunk="P1 c0 (pages 0–3)"
          mapping={m}
          taken={takenEdge(frame.microstep, before)}
        />
      </div>
    );
  },
  args: { doc: 'e2e', step: 7, phase: 'gm_dev_fault.set_device' },
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<typeof meta>;

const el = (root: HTMLElement, sel: string) => root.querySelector(sel);

/** set_device: CPU → DEVICE just taken, DEVICE lit. */
export const CpuToDevice: Story = {
  name: 'GmMappingDiagram: CpuToDevice',
  play: async ({ canvasElement }) => {
    await expect(el(canvasElement, '[data-state="DEVICE"]')).toHaveAttribute('data-current');
    await expect(el(canvasElement, '[data-edge="cpu-device"]')).toHaveAttribute('data-taken');
  },
};

/** GM_RET_MIGRATING from a CPU chunk: still CPU, now +WILLNEED, with its CPU mapping zapped. */
export const CpuWillneedAfterMigrating: Story = {
  name: 'GmMappingDiagram: CpuWillneedAfterMigrating',
  args: { doc: 'migrating', step: 8, phase: 'gm_dev_fault.set_willneed' },
  play: async ({ canvasElement }) => {
    const cpu = el(canvasElement, '[data-state="CPU"]');
    await expect(cpu).toHaveAttribute('data-current');
    await expect(cpu).toHaveTextContent('+WILLNEED');
    await expect(el(canvasElement, '[data-edge="cpu-migrating"]')).toHaveAttribute('data-taken');
  },
};

/** The CPU reads c0 back: gm_host_fault_locked, DEVICE → CPU. */
export const DeviceToCpu: Story = {
  name: 'GmMappingDiagram: DeviceToCpu',
  args: { step: 10, phase: '__do_huge_pmd_anonymous_page.set_pmd_at' },
  play: async ({ canvasElement }) => {
    await expect(el(canvasElement, '[data-edge="device-cpu"]')).toHaveAttribute('data-taken');
    await expect(canvasElement.querySelector('figcaption')).toHaveTextContent(
      'Just taken: CPU fault → gm_host_fault_locked.',
    );
  },
};
