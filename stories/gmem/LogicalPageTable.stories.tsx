import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { gmKeys } from '../../src/views/gmem/gmemModel';
import { LogicalPageTable } from '../../src/views/gmem/LogicalPageTable';
import '../../src/views/gmem/gmem.css';
import { GMEM_DOCS, gmemFrame } from './gmemFrames';

interface Args {
  doc: keyof typeof GMEM_DOCS;
  step: number;
  phase?: string;
}

/** GMEM's logical page table beside the CPU page table and ctx0's pmap (S19, seed 003). */
const meta = {
  title: 'GMEM/LogicalPageTable',
  render: ({ doc, step, phase }: Args) => {
    const { frame } = gmemFrame(GMEM_DOCS[doc], step, phase);
    return (
      <div style={{ padding: 12 }}>
        <LogicalPageTable
          world={frame.world}
          changedKeys={gmKeys(frame.microstep?.changed ?? null)}
          selected={{ proc: 'P1', chunk: 0 }}
        />
      </div>
    );
  },
  args: { doc: 'e2e', step: 7 },
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<typeof meta>;

/** After gm_dev_fault: c0 lives on npu0; no CPU entry, ctx0's pmap maps four npu0 pages. */
export const ChunkOnDevice: Story = {
  name: 'LogicalPageTable: ChunkOnDevice',
  play: async ({ canvasElement }) => {
    const row = canvasElement.querySelector<HTMLElement>('[data-gm-key="gm:lpt:P1:0"]')!;
    await expect(within(row).getByText('DEVICE')).toBeVisible();
    await expect(row).toHaveTextContent('npu0:0 npu0:1 npu0:2 npu0:3');
    await expect(row.querySelectorAll('.gmem-cell[data-present]')).toHaveLength(0);
  },
};

/** The CPU wrote c0: a host huge page, mapped by all four CPU entries. */
export const ChunkOnCpu: Story = {
  name: 'LogicalPageTable: ChunkOnCpu',
  args: { step: 6 },
  play: async ({ canvasElement }) => {
    const row = canvasElement.querySelector<HTMLElement>('[data-gm-key="gm:lpt:P1:0"]')!;
    await expect(within(row).getByText('CPU')).toBeVisible();
    await expect(row.querySelectorAll('.gmem-cell[data-present]')).toHaveLength(4);
  },
};

/** Inside gm_dev_fault: the gm_mapping mutex is held (lock glyph) and the row lights. */
export const ChunkLocked: Story = {
  name: 'LogicalPageTable: ChunkLocked',
  args: { step: 7, phase: 'gm_dev_fault.mutex_lock' },
  play: async ({ canvasElement }) => {
    const row = canvasElement.querySelector<HTMLElement>('[data-gm-key="gm:lpt:P1:0"]')!;
    await expect(within(row).getByRole('img', { name: 'locked' })).toBeVisible();
    await expect(row).toHaveAttribute('data-changed');
  },
};
