import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect } from 'storybook/test';
import { gmmuCallOf } from '../../src/views/gmem/gmCall';
import { GmmuCalls } from '../../src/views/gmem/GmmuCalls';
import '../../src/views/gmem/gmem.css';
import { GMEM_DOCS, gmemFrame } from './gmemFrames';

interface Args {
  doc: keyof typeof GMEM_DOCS;
  step: number;
  phase: string;
}

/** A gm_mmu callback as a call from GMEM into the device, at one recorded micro-step. */
const meta = {
  title: 'GMEM/GmmuCalls',
  render: ({ doc, step, phase }: Args) => {
    const { frame } = gmemFrame(GMEM_DOCS[doc], step, phase);
    return (
      <div style={{ padding: 12, maxWidth: 720 }}>
        <GmmuCalls call={gmmuCallOf(frame.microstep, frame.world)} />
      </div>
    );
  },
  args: { doc: 'e2e', step: 7, phase: 'gm_dev_fault.peer_map' },
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<typeof meta>;

const call = (root: HTMLElement) => root.querySelector('[data-testid="gmem-call"]');

/** gm_dev_fault on a CPU chunk: peer_map with copy, GM_RET_SUCCESS. */
export const PeerMapWithCopy: Story = {
  name: 'GmmuCalls: PeerMapWithCopy',
  play: async ({ canvasElement }) => {
    await expect(call(canvasElement)).toHaveTextContent(
      'npu0.peer_map(gmf{va: 0x0, size: HPAGE_SIZE, copy: true})',
    );
    await expect(call(canvasElement)).toHaveTextContent('← GM_RET_SUCCESS');
  },
};

/** The driver answers GM_RET_MIGRATING ("migrating due to overcommit"). */
export const PeerMapMigrating: Story = {
  name: 'GmmuCalls: PeerMapMigrating',
  args: { doc: 'migrating', step: 8 },
  play: async ({ canvasElement }) => {
    await expect(call(canvasElement)).toHaveAttribute('data-ret', 'GM_RET_MIGRATING');
  },
};

/** The CPU reads c0: gm_host_fault_locked has the device copy it back. */
export const PeerUnmapOnHostFault: Story = {
  name: 'GmmuCalls: PeerUnmapOnHostFault',
  args: { step: 10, phase: 'gm_host_fault_locked.peer_unmap' },
  play: async ({ canvasElement }) => {
    await expect(call(canvasElement)).toHaveTextContent('gm_host_fault_locked → npu0.peer_unmap(');
  },
};
