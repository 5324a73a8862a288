/**
 * A walkthrough on the page (WalkthroughPage → WalkthroughRun → WalkthroughView), in jsdom:
 * a student steps, answers, retries, picks on the stage and reaches the summary; progress
 * survives a remount; presenter mode's keys; broken routes and links say why.
 */
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, test } from 'vitest';
import { WalkthroughPage } from '../../../src/app/walkthrough/WalkthroughPage';
import { libraryScenario, walkthroughById } from '../../../src/scenarios/walkthroughs';
import type { LearnRoute } from '../../../src/scenarios/walkthroughs/route';
import { useUiStore } from '../../../src/store/uiStore';
import { encodeWalkthroughLink } from '../../../src/url/walkthroughLink';
import EXPECTED from '../../unit/walkthroughs/expected/w2-migration';

const entry = walkthroughById('w2-migration')!;
if (!entry.load.ok) throw new Error('w2-migration does not load');
const doc = entry.load.doc;
const LEARN: LearnRoute = { kind: 'library', id: 'w2-migration', mode: 'learn' };
const PRESENT: LearnRoute = { kind: 'library', id: 'w2-migration', mode: 'present' };
const show = (route: LearnRoute) => render(<WalkthroughPage route={route} onBack={() => {}} />);

beforeEach(() => {
  localStorage.clear();
  useUiStore.setState({ expandedRanges: [], hovered: null, pinned: null, reducedMotion: true });
});

const title = () => screen.getByTestId('walk-chapter-title').textContent ?? '';
const card = () => screen.queryAllByTestId('checkpoint')[0] ?? null;
const nextButton = () => screen.getByTestId('walk-next');
/** Next until a question is asked (or the summary shows). */
function toQuestion() {
  for (let i = 0; i < 60 && !card() && !screen.queryByTestId('walk-summary'); i++)
    fireEvent.click(nextButton());
  return card();
}
/** The verdict of a revealed question ("Right", "Not quite", "Revealed"). */
const verdictOf = (reveal: HTMLElement) =>
  reveal.querySelector('.checkpoint__verdict')?.textContent ?? '';
const promptOf = (form: HTMLElement) => within(form).getByRole('heading').textContent ?? '';
const checkpointByPrompt = (prompt: string) =>
  doc.chapters.flatMap((c) => c.checkpoints ?? []).find((c) => c.prompt === prompt)!;

/** Answers the open question (the first card): right, or `wrong` for numbers. */
function answer(form: HTMLElement, opts: { wrong?: number } = {}) {
  const cp = checkpointByPrompt(promptOf(form));
  const want = EXPECTED[cp.id as keyof typeof EXPECTED];
  if (cp.ask.kind === 'number') {
    fireEvent.change(within(form).getByTestId('checkpoint-number'), {
      target: { value: String(opts.wrong ?? want) },
    });
  } else if (cp.ask.kind === 'choice') {
    const label = cp.ask.options.find((o) => o.value === want)!.label;
    fireEvent.click(within(form).getByLabelText(label));
  } else {
    for (const key of want as readonly string[])
      fireEvent.click(document.querySelector(`[data-inspect="${key}"]`)!);
  }
  fireEvent.click(within(form).getByTestId('checkpoint-check'));
  return cp.id;
}

describe('a student', () => {
  test('the first chapter renders, Next stops at the question, a wrong answer gets its misconception', () => {
    show(LEARN);
    expect(title()).toContain(doc.chapters[0]!.title);
    expect(screen.getByTestId('walkthrough')).toHaveTextContent('Process A maps four pages');
    expect(screen.getByText('shared zero page', { exact: false })).toBeInTheDocument();
    expect(screen.getByTestId('walk-prev')).toBeDisabled();
    const form = toQuestion()!;
    expect(promptOf(form)).toMatch(/What is that page's refcount once it is pinned/);
    expect(nextButton()).toBeDisabled();
    answer(form, { wrong: 1 });
    const reveal = screen.getByTestId('checkpoint-reveal');
    expect(verdictOf(reveal)).toBe('Not quite');
    expect(within(reveal).getByTestId('checkpoint-feedback')).toHaveTextContent(
      'A pin is not free',
    );
    expect(within(reveal).getByTestId('checkpoint-answer')).toHaveTextContent('2');
    expect(reveal).toHaveTextContent('You answered 1.');
    expect(nextButton()).toBeEnabled();
    // Try again: the question again, then the right answer.
    fireEvent.click(within(reveal).getByRole('button', { name: 'Try again' }));
    const again = card()!;
    expect(promptOf(again)).toBe(promptOf(form));
    answer(again);
    const right = screen.getByTestId('checkpoint-reveal');
    expect(verdictOf(right)).toBe('Right');
    expect(within(right).queryByTestId('checkpoint-feedback')).toBeNull();
    expect(within(right).queryByRole('button', { name: 'Try again' })).toBeNull();
  });

  test('a click question: stage rows are picked, listed, taken back, and graded', () => {
    show(LEARN);
    let form = toQuestion();
    // pin-refcount, collect-migration-entries, pinned-stays, pgmap-refs, then holes-filled.
    for (let i = 0; i < 4; i++) {
      answer(form!);
      form = toQuestion();
    }
    expect(promptOf(form!)).toMatch(/Click the CPU entries of A/);
    const picked = within(form!).getByRole('list', { name: 'Picked on the stage' });
    expect(picked).toHaveTextContent('Nothing picked yet');
    expect(within(form!).getByTestId('checkpoint-check')).toBeDisabled();
    const row = (k: string) => document.querySelector(`[data-inspect="${k}"]`)!;
    fireEvent.click(row('pte:A:0'));
    fireEvent.click(row('pte:A:1'));
    expect(within(picked).getAllByRole('listitem')).toHaveLength(2);
    expect(row('pte:A:0')).toHaveAttribute('data-mark', 'picked');
    // Clicking again takes it back.
    fireEvent.click(row('pte:A:0'));
    expect(within(picked).getAllByRole('listitem')).toHaveLength(1);
    expect(row('pte:A:0')).not.toHaveAttribute('data-mark', 'picked');
    // Wrong (page 3 missed): the misconception about page 3 speaks.
    fireEvent.click(within(form!).getByTestId('checkpoint-check'));
    const reveal = screen.getByTestId('checkpoint-reveal');
    expect(verdictOf(reveal)).toBe('Not quite');
    expect(within(reveal).getByTestId('checkpoint-feedback')).toHaveTextContent(
      'Page 3 counts as a hole too',
    );
    expect(row('pte:A:3')).toHaveAttribute('data-mark', 'answer');
    fireEvent.click(within(reveal).getByRole('button', { name: 'Try again' }));
    answer(card()!);
    expect(verdictOf(screen.getByTestId('checkpoint-reveal'))).toBe('Right');
  });

  test('progress survives an unmount and a remount', () => {
    const first = show(LEARN);
    answer(toQuestion()!, { wrong: 1 });
    fireEvent.click(nextButton());
    const where = screen.getByTestId('walk-micro').textContent;
    first.unmount();
    show(LEARN);
    expect(screen.getByTestId('walk-micro').textContent).toBe(where);
    expect(title()).toContain(doc.chapters[0]!.title);
    // The answer is kept: back one frame is its reveal, with the verdict.
    fireEvent.click(screen.getByTestId('walk-prev'));
    expect(verdictOf(screen.getByTestId('checkpoint-reveal'))).toBe('Not quite');
  });

  test('the summary lists every question with how it went', () => {
    show(LEARN);
    let first = true;
    for (let form = toQuestion(); form; form = toQuestion()) {
      const id = checkpointByPrompt(promptOf(form)).id;
      if (id === 'pgmap-refs') fireEvent.click(within(form).getByTestId('checkpoint-show'));
      else answer(form, first ? { wrong: 1 } : {});
      first = false;
    }
    const summary = screen.getByTestId('walk-summary');
    expect(screen.getByTestId('walk-score')).toHaveTextContent(
      '5 of 7 questions right (5 the first time).',
    );
    const items = within(summary).getAllByRole('listitem');
    expect(items).toHaveLength(7);
    const prompts = doc.chapters.flatMap((c) => c.checkpoints ?? []).map((c) => c.prompt);
    items.forEach((li, i) => expect(li).toHaveTextContent(prompts[i]!));
    expect(items[0]).toHaveTextContent('Wrong');
    expect(items[3]).toHaveTextContent('Revealed without an answer');
    expect(items[1]).toHaveTextContent('Right first time');
    // "Go back to it" reopens the wrong one.
    fireEvent.click(within(items[0]!).getByRole('button', { name: 'Go back to it' }));
    expect(promptOf(card()!)).toBe(prompts[0]);
  });
});

describe('presenter mode', () => {
  const key = (k: string, init: KeyboardEventInit = {}) =>
    act(() => {
      fireEvent.keyDown(window, { key: k, ...init });
    });

  test('PageDown steps and, at a question, reveals it; the notes show the answer first', () => {
    show(PRESENT);
    expect(screen.getByTestId('walkthrough')).toHaveClass('walk--present');
    const micro = () => screen.getByTestId('walk-micro').textContent;
    const start = micro();
    key('PageDown');
    expect(micro()).not.toBe(start);
    key('PageUp');
    expect(micro()).toBe(start);
    for (let i = 0; i < 40 && !card(); i++) key('PageDown');
    const form = card()!;
    expect(within(form).getByTestId('checkpoint-show')).toHaveTextContent('Reveal');
    // The notes have the answer; the projected question does not.
    expect(screen.getByTestId('presenter-answer')).toHaveTextContent('Answer: 2');
    expect(form).not.toHaveTextContent('Answer');
    expect(screen.queryByTestId('checkpoint-answer')).toBeNull();
    key('PageDown');
    const reveal = screen.getByTestId('checkpoint-reveal');
    expect(verdictOf(reveal)).toBe('Revealed');
    expect(within(reveal).getByTestId('checkpoint-answer')).toHaveTextContent('2');
    expect(screen.queryByTestId('presenter-answer')).toBeNull();
  });

  test('Shift+PageDown is the next chapter; N toggles the notes; L the pointer; Escape leaves', () => {
    show(PRESENT);
    key('PageDown', { shiftKey: true });
    expect(title()).toContain(doc.chapters[1]!.title);
    key('PageUp', { shiftKey: true });
    expect(title()).toContain(doc.chapters[0]!.title);
    expect(screen.getByTestId('presenter-notes')).toHaveTextContent('Ask the room first');
    key('n');
    expect(screen.queryByTestId('presenter-notes')).toBeNull();
    key('N');
    expect(screen.getByTestId('presenter-notes')).toBeInTheDocument();
    expect(screen.queryByTestId('laser-pointer')).toBeNull();
    key('l');
    act(() => {
      window.dispatchEvent(new MouseEvent('pointermove', { clientX: 120, clientY: 80 }));
    });
    expect(screen.getByTestId('laser-pointer')).toBeInTheDocument();
    key('Escape');
    expect(screen.getByTestId('walkthrough')).not.toHaveClass('walk--present');
    expect(screen.queryByTestId('presenter-notes')).toBeNull();
    expect(screen.queryByTestId('laser-pointer')).toBeNull();
    expect(screen.getByTestId('walk-present')).toHaveTextContent('Present');
    // Out of presenter mode N does nothing.
    key('n');
    expect(screen.queryByTestId('presenter-notes')).toBeNull();
  });

  test('keys typed into an answer box are the answer, not commands', () => {
    show(PRESENT);
    for (let i = 0; i < 40 && !card(); i++) key('PageDown');
    const input = within(card()!).getByTestId('checkpoint-number');
    input.focus();
    fireEvent.keyDown(input, { key: 'n' });
    fireEvent.keyDown(input, { key: 'ArrowRight' });
    expect(screen.getByTestId('presenter-notes')).toBeInTheDocument();
    expect(card()).not.toBeNull();
  });
});

describe('what does not load says why', () => {
  test('an unknown walkthrough: the problem and a way back', () => {
    show({ kind: 'library', id: 'nope', mode: 'learn' });
    expect(screen.getByRole('alert')).toHaveTextContent('There is no walkthrough named “nope”.');
    expect(screen.getByRole('link', { name: 'See the walkthroughs' })).toHaveAttribute(
      'href',
      '#learn',
    );
    expect(screen.queryByTestId('walkthrough')).toBeNull();
  });

  test('a tampered #w= link: the damaged message, no stage', () => {
    const link = encodeWalkthroughLink(doc, libraryScenario('s5-cpu-touches-device-page')!);
    const i = Math.floor(link.length / 2);
    const tampered = link.slice(0, i) + (link[i] === 'A' ? 'B' : 'A') + link.slice(i + 1);
    const { container } = show({ kind: 'shared', fragment: tampered });
    expect(screen.getByRole('alert')).toHaveTextContent(/damaged or incomplete/);
    expect(screen.queryByTestId('walkthrough')).toBeNull();
    expect(container.querySelector('svg')).toBeNull();
  });

  test('the same link untampered opens the walkthrough', () => {
    const link = encodeWalkthroughLink(doc, libraryScenario('s5-cpu-touches-device-page')!);
    show({ kind: 'shared', fragment: link });
    expect(title()).toContain(doc.chapters[0]!.title);
  });
});
