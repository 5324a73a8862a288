import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { Stage } from '../src/views/Stage';

const meta = {
  title: 'Shell/Stage',
  component: Stage,
  args: { title: 'Migrate to device memory' },
  decorators: [
    (Story) => (
      <div style={{ height: 480, display: 'grid' }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof Stage>;
export default meta;
type Story = StoryObj<typeof meta>;

/** Without a kernel model there is nothing to draw, and the stage says so. */
export const Empty: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(
      canvas.getByRole('region', { name: 'Stage: Migrate to device memory' }),
    ).toBeVisible();
    await expect(canvas.getByRole('heading', { name: 'Nothing to draw yet' })).toBeVisible();
  },
};
