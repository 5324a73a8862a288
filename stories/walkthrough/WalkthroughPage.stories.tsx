import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { WalkthroughPage } from '../../src/app/walkthrough/WalkthroughPage';
import { WALKTHROUGHS } from '../../src/scenarios/walkthroughs';
import { W2_DOC, W2_ID, W2_QUESTIONS, w2Checkpoint } from './w2';

const PREFIX = 'hmm-lab:walkthrough:';

/** Every story starts from a device that has never opened a walkthrough. */
function clearProgress() {
  for (const k of Object.keys(window.localStorage))
    if (k.startsWith(PREFIX)) window.localStorage.removeItem(k);
}

const meta = {
  title: 'Walkthrough/WalkthroughPage',
  component: WalkthroughPage,
  args: { route: { kind: 'library', id: W2_ID, mode: 'learn' }, onBack: () => {} },
  beforeEach: () => {
    clearProgress();
    return clearProgress;
  },
} satisfies Meta<typeof WalkthroughPage>;
export default meta;
type Story = StoryObj<typeof meta>;

type Canvas = ReturnType<typeof within>;

/** Next until a question is asked; returns how many micro-steps that took. */
async function nextUntilQuestion(canvas: Canvas): Promise<number> {
  for (let n = 0; n < 60; n++) {
    if (canvas.queryAllByTestId('checkpoint')[0] ?? null) return n;
    await userEvent.click(canvas.getByTestId('walk-next'));
  }
  throw new Error('no question within 60 micro-steps');
}

const PIN = w2Checkpoint('pin-refcount');

/** A student opens w2: chapter 1, at the state before the first step. */
export const StudentStart: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByTestId('walk-chapter-title')).toHaveTextContent(
      `Chapter 1 ${W2_DOC.chapters[0]!.title}`,
    );
    await expect(canvas.getByTestId('walk-micro')).toHaveTextContent('Where the chapter starts');
    await expect(canvas.getByTestId('walk-prev')).toBeDisabled();
    await expect(canvas.getByTestId('walk-next')).toBeEnabled();
    await expect(canvas.queryByTestId('presenter-notes')).toBeNull();
  },
};

/** The first question is asked on the frame before its micro-step (try_grab_folio): Next waits. */
export const StudentAtQuestion: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const steps = await nextUntilQuestion(canvas);
    // Frame 9 of s5 is the step before the pin (cpu_load of page 3); the pin is frame 10.
    await expect(steps).toBe(PIN.prep.askAt);
    await expect(canvas.getByTestId('checkpoint')).toHaveTextContent(PIN.def.prompt);
    await expect(canvas.getByTestId('walk-micro')).not.toHaveTextContent('try_grab_folio');
    await expect(canvas.getByTestId('walk-next')).toBeDisabled();
    await userEvent.keyboard('{ArrowRight}');
    await expect(canvas.getByTestId('checkpoint')).toBeVisible();
  },
};

/** Answering 1 (a pin is free): the misconception's feedback, the engine's 2, the pin's frame. */
export const StudentWrongAnswer: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await nextUntilQuestion(canvas);
    await userEvent.type(canvas.getByTestId('checkpoint-number'), '1');
    await userEvent.click(canvas.getByTestId('checkpoint-check'));
    const reveal = await canvas.findByTestId('checkpoint-reveal');
    await expect(within(reveal).getByRole('heading', { level: 3 })).toHaveTextContent('Not quite');
    await expect(within(reveal).getByTestId('checkpoint-feedback')).toHaveTextContent(
      'A pin is not free',
    );
    await expect(within(reveal).getByTestId('checkpoint-answer')).toHaveTextContent(/^2$/);
    // The reveal shows the state the answer is read from: the micro-step of the pin.
    await expect(canvas.getByTestId('walk-micro')).toHaveTextContent('try_grab_folio');
    await expect(canvas.getByTestId('walk-next')).toBeEnabled();
    // Saved on this device as it goes.
    const saved = JSON.parse(window.localStorage.getItem(PREFIX + W2_ID) ?? '{}') as {
      answers?: Record<string, { correct: boolean }>;
    };
    await expect(saved.answers?.['pin-refcount']?.correct).toBe(false);
  },
};

/** Presenter mode: notes below, the clicker's PageDown steps, and at a question reveals it. */
export const Presenter: Story = {
  args: { route: { kind: 'library', id: W2_ID, mode: 'present' } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByTestId('walkthrough')).toHaveClass('walk--present');
    const notes = canvas.getByTestId('presenter-notes');
    await expect(notes).toHaveTextContent('Ask the room first');
    const micro = canvas.getByTestId('walk-micro');
    const seen = [micro.textContent];
    for (let i = 0; i < 3; i++) {
      await userEvent.keyboard('{PageDown}');
      seen.push(micro.textContent);
    }
    await expect(new Set(seen).size).toBe(4);
    await expect(micro).toHaveTextContent('Micro-step 3 of');
    await expect(micro).toHaveTextContent('mmu_interval_notifier_insert');
    while ((canvas.queryAllByTestId('checkpoint')[0] ?? null) === null)
      await userEvent.keyboard('{PageDown}');
    // The notes tell the presenter the answer the screen still hides.
    await expect(canvas.getByTestId('presenter-answer')).toHaveTextContent('Answer: 2');
    await expect(canvas.queryByTestId('checkpoint-answer')).toBeNull();
    await userEvent.keyboard('{PageDown}');
    await expect(canvas.getByTestId('checkpoint-reveal')).toHaveTextContent('Revealed');
    await expect(canvas.queryByTestId('presenter-answer')).toBeNull();
  },
};

/** "Show me" on every question and Next to the end: the summary lists all seven. */
export const Summary: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    for (let n = 0; n < 120 && !canvas.queryByTestId('walk-summary'); n++) {
      const show = canvas.queryAllByTestId('checkpoint-show')[0] ?? null;
      await userEvent.click(show ?? canvas.getByTestId('walk-next'));
    }
    const summary = await canvas.findByTestId('walk-summary');
    const rows = within(summary).getAllByRole('listitem');
    await expect(rows).toHaveLength(W2_QUESTIONS.length);
    await expect(rows).toHaveLength(7);
    for (const [i, q] of W2_QUESTIONS.entries()) {
      await expect(rows[i]).toHaveTextContent(q.prompt);
      await expect(rows[i]).toHaveTextContent('Revealed without an answer');
    }
    await expect(within(summary).getByTestId('walk-score')).toHaveTextContent(
      '0 of 7 questions right (0 the first time).',
    );
    // Back to a question from the summary: it is asked again.
    await userEvent.click(within(rows[0]!).getByRole('button', { name: 'Go back to it' }));
    await waitFor(() => expect(canvas.getByTestId('checkpoint')).toHaveTextContent(PIN.def.prompt));
  },
};

/** The list of walkthroughs, with where this device left one of them. */
export const List: Story = {
  args: { route: { kind: 'list' } },
  beforeEach: () => {
    window.localStorage.setItem(
      PREFIX + W2_ID,
      JSON.stringify({ v: 1, chapter: 1, position: 12, answers: {}, tries: {}, done: false }),
    );
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const cards = canvasElement.querySelectorAll('.walk-card');
    await expect(cards).toHaveLength(WALKTHROUGHS.length);
    await expect(
      canvas.queryByRole('region', { name: 'Walkthroughs that could not be loaded' }),
    ).toBeNull();
    const w2 = canvas.getByTestId(`walk-open-${W2_ID}`);
    await expect(w2).toHaveAttribute('href', `#learn/${W2_ID}`);
    const card = w2.closest('li')!;
    await expect(card).toHaveTextContent(`At chapter 2 of ${W2_DOC.chapters.length}`);
    await expect(card).toHaveTextContent(`${W2_QUESTIONS.length} questions`);
    await expect(within(card).getByRole('link', { name: 'Present' })).toHaveAttribute(
      'href',
      `#learn/${W2_ID}/present`,
    );
    await expect(canvasElement.querySelectorAll('.walk-card__progress')).toHaveLength(1);
  },
};

/** The printable handout: every chapter with its stage and questions, never the answers. */
export const Handout: Story = {
  args: { route: { kind: 'library', id: W2_ID, mode: 'handout' } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('heading', { level: 1 })).toHaveTextContent(W2_DOC.title);
    const chapters = canvas.getAllByRole('heading', { level: 2 });
    await expect(chapters.map((h) => h.textContent)).toEqual(
      W2_DOC.chapters.map((c, i) => `Chapter ${i + 1} ${c.title}`),
    );
    const questions = canvasElement.querySelectorAll('.handout__question');
    await expect(questions).toHaveLength(7);
    await expect(canvasElement.querySelectorAll('figure.handout__stage')).toHaveLength(4);
    await expect(canvasElement.querySelector('figcaption')).toHaveTextContent(
      'Before the first question',
    );
    await expect(document.body).toHaveClass('handout-open');
    // The choice question lists its options with boxes, and no answer is written anywhere.
    await expect(canvas.getByText('Still in system RAM')).toBeVisible();
    await expect(canvas.queryByTestId('checkpoint-answer')).toBeNull();
    await expect(canvasElement).not.toHaveTextContent(/The engine.s state says/);
  },
};
