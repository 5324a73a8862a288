import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, within } from 'storybook/test';
import { PlayerContext } from '../src/views/PlayerContext';
import { TimelineBar } from '../src/views/TimelineBar';

interface Args {
  total: number;
  position: number;
  speedIndex: number;
}

/** The timeline drives a real player actor; each story starts it at one position. */
const meta = {
  title: 'Shell/TimelineBar',
  render: ({ total, position, speedIndex }: Args) => (
    <PlayerContext.Provider options={{ input: { total, position, speedIndex } }}>
      <div style={{ position: 'absolute', bottom: 0, left: 0, right: 0 }}>
        <TimelineBar />
      </div>
    </PlayerContext.Provider>
  ),
  args: { total: 12, position: 0, speedIndex: 2 },
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<typeof meta>;

export const AtStart: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByTestId('step-counter')).toHaveTextContent('0 / 12');
    await expect(canvas.getByRole('button', { name: 'Step back' })).toBeDisabled();
    await expect(canvas.getByRole('button', { name: 'Play' })).toBeEnabled();
  },
};

export const MidScenario: Story = {
  args: { position: 5 },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Step forward' }));
    await expect(canvas.getByTestId('step-counter')).toHaveTextContent('6 / 12');
    await userEvent.click(canvas.getByRole('button', { name: 'Step back' }));
    await userEvent.click(canvas.getByRole('button', { name: 'Step back' }));
    await expect(canvas.getByTestId('step-counter')).toHaveTextContent('4 / 12');
  },
};

export const AtEnd: Story = {
  args: { position: 12 },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('button', { name: 'Step forward' })).toBeDisabled();
    await userEvent.click(canvas.getByRole('button', { name: 'Replay from the start' }));
    await expect(canvas.getByTestId('timeline')).toHaveAttribute('data-state', 'playing');
    await expect(canvas.getByTestId('step-counter')).toHaveTextContent('0 / 12');
    await userEvent.click(canvas.getByRole('button', { name: 'Pause' }));
  },
};

export const Playing: Story = {
  args: { speedIndex: 5 },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByTestId('speed')).toHaveTextContent('4×');
    await expect(canvas.getByRole('button', { name: 'Faster' })).toBeDisabled();
    await userEvent.click(canvas.getByRole('button', { name: 'Play' }));
    // At 4× a frame lasts 300 ms; in real time the counter moves on by itself.
    await new Promise((r) => setTimeout(r, 700));
    await expect(canvas.getByTestId('step-counter')).not.toHaveTextContent('0 / 12');
    await userEvent.click(canvas.getByRole('button', { name: 'Pause' }));
    await expect(canvas.getByTestId('timeline')).toHaveAttribute('data-state', 'paused');
  },
};

export const NoSteps: Story = {
  args: { total: 0 },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByTestId('step-counter')).toHaveTextContent('No steps');
    await expect(canvas.getByRole('button', { name: 'Play' })).toBeDisabled();
  },
};
