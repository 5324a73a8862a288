import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, within } from 'storybook/test';
import { buildTimeline } from '../src/app/buildTimeline';
import { NarrationPanel } from '../src/views/NarrationPanel';
import { SHORT_DOC, SHORT_OUTLINE } from './fixtures';

const timeline = buildTimeline(SHORT_DOC);
const lastFrameOf = (step: number) => timeline.frames.filter((f) => f.step === step).at(-1)!;

const meta = {
  title: 'Shell/NarrationPanel',
  component: NarrationPanel,
  args: { scenario: SHORT_OUTLINE, frame: timeline.frames[0]!, onSeekStep: fn() },
  decorators: [
    (Story) => (
      <div style={{ height: 620, width: 380, display: 'flex' }}>
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
    await expect(canvas.getByTestId('narration-text')).toHaveTextContent(SHORT_DOC.title);
  },
};

/** The end of dev.migrate: the kernel function, its sentence and the op's result. */
export const MigrateResult: Story = {
  args: { frame: lastFrameOf(4), microCount: timeline.frames.filter((f) => f.step === 4).length },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByTestId('narration-text')).toHaveTextContent(
      'dev.migrate · m0 · pages 0–1',
    );
    await expect(canvas.getByTestId('kernel-link')).toHaveAttribute(
      'href',
      expect.stringContaining('test_hmm.c'),
    );
    await expect(canvas.getByTestId('narration-result')).toHaveTextContent('cpages 2');
    await expect(canvas.getByTestId('narration-result')).toHaveTextContent('data [7, 8]');
    await expect(canvas.getByRole('listitem', { current: 'step' })).toHaveTextContent(
      'dev.migrate',
    );
    await userEvent.click(canvas.getByRole('button', { name: /^2 / }));
    await expect(args.onSeekStep).toHaveBeenCalledWith(1);
  },
};
