import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, within } from 'storybook/test';
import { CheckpointCard } from '../../src/views/walkthrough/CheckpointCard';
import '../../src/views/walkthrough/Walkthrough.css';
import { w2Checkpoint, w2Record } from './w2';

/** w2-migration's questions, with the answers the engine computes on s5's timeline. */
const PIN = w2Checkpoint('pin-refcount'); // number: refcount of the pinned page 2
const PINNED = w2Checkpoint('pinned-stays'); // choice: where page 2 ends up
const HOLES = w2Checkpoint('holes-filled'); // click: entries migrate_vma_pages makes device-private

const meta = {
  title: 'Walkthrough/CheckpointCard',
  component: CheckpointCard,
  args: {
    checkpoint: PIN.def,
    phase: 'ask',
    picked: [],
    onUnpick: fn(),
    onAnswer: fn(),
    onReveal: fn(),
    onRetry: fn(),
  },
  decorators: [
    (Story) => (
      <div style={{ padding: 16, maxWidth: 460 }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof CheckpointCard>;
export default meta;
type Story = StoryObj<typeof meta>;

/** A number to predict: Check waits for a whole number, then hands it over as a number. */
export const AskNumber: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const check = canvas.getByTestId('checkpoint-check');
    await expect(check).toBeDisabled();
    const input = canvas.getByTestId('checkpoint-number');
    await userEvent.type(input, 'two');
    await expect(input).toHaveAttribute('aria-invalid', 'true');
    await expect(check).toBeDisabled();
    await userEvent.clear(input);
    await userEvent.type(input, ' 2 ');
    await expect(check).toBeEnabled();
    await userEvent.click(check);
    await expect(args.onAnswer).toHaveBeenCalledOnce();
    await expect(args.onAnswer).toHaveBeenCalledWith({ kind: 'number', value: 2 });
    await userEvent.click(canvas.getByRole('button', { name: 'Show me' }));
    await expect(args.onReveal).toHaveBeenCalledOnce();
  },
};

/** Options to choose from: Check waits for one, then hands over its index. */
export const AskChoice: Story = {
  args: { checkpoint: PINNED.def },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getAllByRole('radio')).toHaveLength(3);
    await expect(canvas.getByTestId('checkpoint-check')).toBeDisabled();
    await userEvent.click(canvas.getByLabelText("In the device's private memory"));
    await userEvent.click(canvas.getByTestId('checkpoint-check'));
    await expect(args.onAnswer).toHaveBeenCalledOnce();
    await expect(args.onAnswer).toHaveBeenCalledWith({ kind: 'choice', index: 1 });
  },
};

/** Entries picked on the stage, listed in words, each one can be taken back. */
export const AskClick: Story = {
  args: { checkpoint: HOLES.def, picked: ['pte:A:1', 'pte:A:3'] },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const list = canvas.getByRole('list', { name: 'Picked on the stage' });
    const items = within(list).getAllByRole('listitem');
    await expect(items).toHaveLength(2);
    await expect(items[0]).toHaveTextContent("A's CPU entry, page 1");
    await expect(items[1]).toHaveTextContent("A's CPU entry, page 3");
    await userEvent.click(canvas.getByRole('button', { name: "Take back A's CPU entry, page 3" }));
    await expect(args.onUnpick).toHaveBeenCalledWith('pte:A:3');
    await userEvent.click(canvas.getByTestId('checkpoint-check'));
    await expect(args.onAnswer).toHaveBeenCalledOnce();
    await expect(args.onAnswer).toHaveBeenCalledWith({
      kind: 'click',
      keys: ['pte:A:1', 'pte:A:3'],
    });
  },
};

/** A click question with nothing picked yet: nothing to check. */
export const AskClickNothingPicked: Story = {
  args: { checkpoint: HOLES.def, picked: [] },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByText('Nothing picked yet')).toBeVisible();
    await expect(canvas.getByTestId('checkpoint-check')).toBeDisabled();
  },
};

const revealed = (c: typeof PIN) => ({
  phase: 'reveal' as const,
  correct: c.prep.correct,
  fn: c.prep.fn,
  ...(c.prep.src ? { src: c.prep.src } : {}),
});

/** Right: the verdict, the engine's answer and the kernel function; nothing to try again. */
export const RevealRight: Story = {
  args: { ...revealed(PIN), record: w2Record('pin-refcount', { kind: 'number', value: 2 }) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('heading', { level: 3 })).toHaveTextContent('Right');
    await expect(canvas.getByTestId('checkpoint-answer')).toHaveTextContent('2');
    await expect(canvas.queryByTestId('checkpoint-feedback')).toBeNull();
    await expect(canvas.queryByText(/You answered/)).toBeNull();
    await expect(canvas.queryByRole('button', { name: 'Try again' })).toBeNull();
    await expect(canvas.getByRole('link', { name: 'try_grab_folio' })).toHaveAttribute(
      'href',
      expect.stringContaining('mm/gup.c'),
    );
  },
};

/** Wrong with a known misconception (1: "a pin is free"): its feedback, then the engine's 2. */
export const RevealWrongWithMisconception: Story = {
  args: { ...revealed(PIN), record: w2Record('pin-refcount', { kind: 'number', value: 1 }) },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('heading', { level: 3 })).toHaveTextContent('Not quite');
    await expect(canvas.getByText(/You answered/)).toHaveTextContent('You answered 1.');
    const feedback = canvas.getAllByTestId('checkpoint-feedback');
    await expect(feedback).toHaveLength(1);
    await expect(feedback[0]).toHaveTextContent('A pin is not free');
    await expect(canvas.getByTestId('checkpoint-answer')).toHaveTextContent(/^2$/);
    await userEvent.click(canvas.getByRole('button', { name: 'Try again' }));
    await expect(args.onRetry).toHaveBeenCalledOnce();
  },
};

/** Wrong on a click question: each entity the student got wrong speaks; the answer in words. */
export const RevealWrongClick: Story = {
  args: {
    ...revealed(HOLES),
    checkpoint: HOLES.def,
    record: w2Record('holes-filled', { kind: 'click', keys: ['pte:A:0', 'pte:A:1'] }),
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const feedback = canvas.getAllByTestId('checkpoint-feedback');
    // Page 0 picked but still a migration entry; page 3 (the zero page) left out.
    await expect(feedback).toHaveLength(2);
    await expect(feedback[0]).toHaveTextContent('Page 0 still holds its migration entry');
    await expect(feedback[1]).toHaveTextContent('Page 3 counts as a hole too');
    await expect(canvas.getByTestId('checkpoint-answer')).toHaveTextContent(
      "A's CPU entry, page 1, A's CPU entry, page 3",
    );
  },
};

/** "Show me" without an answer: revealed, no verdict on an answer, no feedback. */
export const RevealedWithoutAnswer: Story = {
  args: {
    ...revealed(PINNED),
    checkpoint: PINNED.def,
    record: { given: null, correct: false, skipped: true, feedback: [] },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('heading', { level: 3 })).toHaveTextContent('Revealed');
    await expect(canvas.queryByText(/You answered/)).toBeNull();
    await expect(canvas.queryByTestId('checkpoint-feedback')).toBeNull();
    await expect(canvas.getByTestId('checkpoint-answer')).toHaveTextContent('Still in system RAM');
    await expect(canvas.getByTestId('checkpoint-reveal')).toHaveClass('checkpoint--skipped');
  },
};
