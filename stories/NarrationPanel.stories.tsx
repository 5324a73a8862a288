import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, within } from 'storybook/test';
import { NarrationPanel } from '../src/views/NarrationPanel';
import { SHORT_SCENARIO } from './fixtures';

const meta = {
  title: 'Shell/NarrationPanel',
  component: NarrationPanel,
  args: { scenario: SHORT_SCENARIO, position: 0, onSeek: fn() },
  decorators: [
    (Story) => (
      <div style={{ height: 520, width: 360, display: 'flex' }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof NarrationPanel>;
export default meta;
type Story = StoryObj<typeof meta>;

export const BeforeFirstStep: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByText('Before the first step')).toBeVisible();
    await expect(canvas.getByTestId('narration-text')).toHaveTextContent(SHORT_SCENARIO.title);
  },
};

export const MidScenario: Story = {
  args: { position: 5 },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByTestId('narration-text')).toHaveTextContent(
      'dev.migrate · m0 · pages 0–1',
    );
    await expect(canvas.getByRole('listitem', { current: 'step' })).toHaveTextContent(
      'dev.migrate',
    );
    await userEvent.click(canvas.getByRole('button', { name: /Go to step 2:/ }));
    await expect(args.onSeek).toHaveBeenCalledWith(2);
  },
};
