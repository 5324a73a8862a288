import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, within } from 'storybook/test';
import { App } from '../src/app/App';
import { useUiStore } from '../src/store/uiStore';
import { SHORT_SCENARIO } from './fixtures';

const meta = {
  title: 'Shell/App',
  component: App,
  args: { scenarios: [SHORT_SCENARIO] },
  beforeEach: () => {
    useUiStore.setState({ shortcutsOpen: false });
  },
  decorators: [
    (Story) => (
      <div style={{ height: '100vh' }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof App>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('heading', { name: 'HMM Lab' })).toBeVisible();
    await expect(canvas.getByTestId('step-counter')).toHaveTextContent(/^0 \/ \d+$/);
  },
};

/** The keyboard drives the timeline, in a real browser. */
export const SteppedWithKeyboard: Story = {
  play: async (context) => {
    await Default.play!(context);
    const canvas = within(context.canvasElement);
    await userEvent.keyboard('{ArrowRight}{ArrowRight}');
    await expect(canvas.getByTestId('step-counter')).toHaveTextContent(/^2 \/ \d+$/);
    await expect(canvas.getByTestId('narration-text')).toHaveTextContent('mmap · A · pages 0–1');
    // Shift+→ jumps to the end of the next operation: cpu.write's last micro-step.
    await userEvent.keyboard('{Shift>}{ArrowRight}{/Shift}');
    await expect(canvas.getByTestId('narration-text')).toHaveTextContent(
      'cpu.write · A · pages 0–1',
    );
    await expect(canvas.getByTestId('narration-result')).toHaveTextContent('ret 0');
    await userEvent.keyboard('{End}');
    await expect(canvas.getByTestId('narration-text')).toHaveTextContent('cpu.read · A · page 1');
    await expect(canvas.getByTestId('narration-result')).toHaveTextContent('data [8]');
    await userEvent.keyboard('{Home}');
    await expect(canvas.getByTestId('step-counter')).toHaveTextContent(/^0 \/ \d+$/);
  },
};

export const WithShortcutsOpen: Story = {
  play: async (context) => {
    await Default.play!(context);
    await userEvent.keyboard('?');
    const dialog = await within(context.canvasElement.ownerDocument.body).findByRole('dialog', {
      name: 'Keyboard shortcuts',
    });
    await expect(dialog).toBeVisible();
    await expect(within(dialog).getByText('Play or pause')).toBeVisible();
  },
};
