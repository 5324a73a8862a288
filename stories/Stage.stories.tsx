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

/** A scenario the engine refused: the stage says why, as text (never as markup). */
export const CannotRun: Story = {
  args: { problem: 'The engine stopped at step 3: <b>no mirror m9</b>' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(
      canvas.getByRole('region', { name: 'Stage: Migrate to device memory' }),
    ).toBeVisible();
    await expect(canvas.getByRole('heading', { name: 'Nothing to draw' })).toBeVisible();
    await expect(canvas.getByText(/no mirror m9/)).toBeVisible();
    await expect(canvasElement.querySelector('b')).toBeNull();
  },
};
