import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { gmKeys } from '../../src/views/gmem/gmemModel';
import { GmemObjects } from '../../src/views/gmem/GmemObjects';
import '../../src/views/gmem/gmem.css';
import { GMEM_DOCS, gmemFrame } from './gmemFrames';

interface Args {
  doc: keyof typeof GMEM_DOCS;
  step: number;
}

/** GMEM's objects at the end of one step: gm_dev, hnode, gm_as, contexts, DMA, mems_allowed. */
const meta = {
  title: 'GMEM/GmemObjects',
  render: ({ doc, step }: Args) => {
    const { frame } = gmemFrame(GMEM_DOCS[doc], step);
    return (
      <div style={{ padding: 12, maxWidth: 480 }}>
        <GmemObjects world={frame.world} changedKeys={gmKeys(frame.microstep?.changed ?? null)} />
      </div>
    );
  },
  args: { doc: 'destroyed', step: 6 },
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<typeof meta>;

/** gm_as_destroy freed ctx0, but npu0's current_ctx still points at it. */
export const DanglingContext: Story = {
  name: 'GmemObjects: DanglingContext',
  play: async ({ canvasElement }) => {
    const dev = within(canvasElement).getByRole('listitem', { name: /^gm_dev npu0/ });
    await expect(dev).toHaveTextContent('current_ctx ctx0 dangles: gm_as_destroy freed it');
    await expect(dev).toHaveAttribute('data-warn');
  },
};

/** GM_RET_MIGRATING left the DMA mapping of the host page behind. */
export const LeakedDma: Story = {
  name: 'GmemObjects: LeakedDma',
  args: { doc: 'migrating', step: 8 },
  play: async ({ canvasElement }) => {
    const dma = within(canvasElement).getByRole('listitem', { name: /^DMA mapping for npu0/ });
    await expect(dma).toHaveTextContent('leaked');
  },
};

/** Everything attached and working: the mode is shown as planned behaviour only. */
export const Attached: Story = {
  name: 'GmemObjects: Attached',
  args: { doc: 'e2e', step: 7 },
  play: async ({ canvasElement }) => {
    await expect(canvasElement).toHaveTextContent(
      "mode COHERENT_EXCLUSIVE: planned behaviour — not used by the RFC's code",
    );
    await expect(canvasElement).toHaveTextContent('P1 · mems_allowed: nodes 0, 1');
  },
};
