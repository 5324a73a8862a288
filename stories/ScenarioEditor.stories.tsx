import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import type { ScenarioDoc } from '../src/engine';
import { DRAFT_KEY } from '../src/views/editor/draftStorage';
import { ScenarioEditor } from '../src/views/editor/ScenarioEditor';
import { SHORT_DOC } from './fixtures';

/** A document with a mistake: a range of zero pages. */
const INVALID_DOC: ScenarioDoc = {
  ...SHORT_DOC,
  title: 'A range of zero pages',
  steps: [
    { op: 'spawn', proc: 'A' },
    { op: 'mmap', proc: 'A', page: 0, count: 0, prot: 'rw' },
  ],
};

const meta = {
  title: 'Editor/ScenarioEditor',
  component: ScenarioEditor,
  args: { initial: SHORT_DOC, onPlay: fn(), onClose: fn() },
  // Each story starts from its `initial` document, not from a draft another story left.
  beforeEach: () => localStorage.removeItem(DRAFT_KEY),
  decorators: [
    (Story) => (
      <div style={{ height: '100vh' }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof ScenarioEditor>;
export default meta;
type Story = StoryObj<typeof meta>;

/** The short scenario: every step with its result; adding a step runs it at once. */
export const AddAStep: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const steps = canvas.getByRole('list', { name: 'Steps' });
    await expect(within(steps).getAllByTestId('step-result')).toHaveLength(6);
    const palette = canvas.getByRole('region', { name: 'Add a step' });
    await userEvent.click(within(palette).getByRole('button', { name: 'Add cpu.read' }));
    const added = canvas.getByRole('group', { name: 'Step 7: cpu.read' });
    await waitFor(() =>
      expect(within(added).getByTestId('step-result')).toHaveTextContent('ret 0'),
    );
    await expect(within(added).getByTestId('step-result')).toHaveTextContent('data [7]');
    await userEvent.click(canvas.getByRole('button', { name: 'Play' }));
    await expect(args.onPlay).toHaveBeenCalledWith(
      expect.objectContaining({
        steps: expect.arrayContaining([expect.objectContaining({ op: 'cpu.read' })]),
      }),
    );
  },
};

/** A kernel error is a result: cpu.read of a page that was never mapped gives -EFAULT. */
export const KernelError: Story = {
  args: { initial: { ...SHORT_DOC, steps: [{ op: 'spawn', proc: 'A' }] } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Add cpu.read' }));
    const added = canvas.getByRole('group', { name: 'Step 2: cpu.read' });
    await waitFor(() =>
      expect(within(added).getByTestId('step-result')).toHaveTextContent('-EFAULT'),
    );
    await expect(canvas.getByRole('button', { name: 'Play' })).toBeEnabled();
  },
};

/** A schema error sits next to its field, and Play says why it is disabled. */
export const InvalidDocument: Story = {
  args: { initial: INVALID_DOC },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const mmap = canvas.getByRole('group', { name: 'Step 2: mmap' });
    const pages = within(mmap).getByLabelText('Pages');
    await expect(pages).toHaveAttribute('aria-invalid', 'true');
    await expect(pages).toHaveAccessibleDescription(/expected a positive integer/);
    await expect(canvas.getByRole('button', { name: 'Play' })).toBeDisabled();
    await userEvent.clear(pages);
    await userEvent.type(pages, '2');
    await waitFor(() => expect(canvas.getByRole('button', { name: 'Play' })).toBeEnabled());
  },
};

/** On a 390 px phone, in the dark theme, the form and the JSON view stack. */
export const PhoneDark: Story = {
  globals: { theme: 'dark' },
  decorators: [
    (Story) => (
      <div style={{ width: 390, height: 800, overflow: 'auto' }}>
        <Story />
      </div>
    ),
  ],
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const json = canvas.getByRole('textbox', { name: 'Scenario JSON' });
    const title = canvas.getByLabelText('Title');
    await expect(json.getBoundingClientRect().top).toBeGreaterThan(
      title.getBoundingClientRect().bottom,
    );
    await expect(canvasElement.scrollWidth).toBeLessThanOrEqual(canvasElement.clientWidth + 1);
  },
};
