import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, test } from 'vitest';
import { App } from '../../src/app/App';
import { useUiStore } from '../../src/store/uiStore';
import type { ScenarioOutline } from '../../src/views/scenarioOutline';

const SCENARIOS: ScenarioOutline[] = [
  {
    id: 'one',
    title: 'First scenario',
    summary: 'A short one.',
    steps: [
      { op: 'spawn', proc: 'A' },
      { op: 'mmap', proc: 'A', page: 0, count: 2, prot: 'rw' },
      { op: 'cpu.write', proc: 'A', page: 0, count: 2, values: [1, 2] },
    ],
  },
  {
    id: 'two',
    title: '<b>Second</b> <script>alert(1)</script>',
    steps: [{ op: 'spawn', proc: 'B' }],
  },
];

const counter = () => screen.getByTestId('step-counter').textContent;

beforeEach(() => {
  useUiStore.setState({ themePreference: 'system', systemTheme: 'light', shortcutsOpen: false });
  document.documentElement.removeAttribute('data-theme');
});

describe('the app shell', () => {
  test('shows the product name, the picker, the stage, the narration and the timeline', () => {
    render(<App scenarios={SCENARIOS} />);
    expect(screen.getByRole('heading', { level: 1, name: 'HMM Lab' })).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Scenario' })).toHaveValue('one');
    expect(screen.getByRole('region', { name: 'Stage: First scenario' })).toBeInTheDocument();
    expect(screen.getByText('Nothing to draw yet')).toBeInTheDocument();
    expect(screen.getByRole('complementary', { name: 'Narration' })).toBeInTheDocument();
    expect(screen.getByRole('toolbar', { name: 'Timeline' })).toBeInTheDocument();
    expect(counter()).toBe('Step 0 / 3');
  });

  test('the keyboard steps, jumps, plays and changes speed', async () => {
    const user = userEvent.setup();
    render(<App scenarios={SCENARIOS} />);
    await user.keyboard('{ArrowRight}{ArrowRight}');
    expect(counter()).toBe('Step 2 / 3');
    expect(screen.getByTestId('narration-text')).toHaveTextContent(
      'mmap · A · pages 0–1 · prot rw',
    );
    await user.keyboard('{ArrowLeft}');
    expect(counter()).toBe('Step 1 / 3');
    await user.keyboard('{End}');
    expect(counter()).toBe('Step 3 / 3');
    await user.keyboard('{Home}');
    expect(counter()).toBe('Step 0 / 3');
    await user.keyboard('+');
    expect(screen.getByTestId('speed')).toHaveTextContent('1.5×');
    await user.keyboard('--');
    expect(screen.getByTestId('speed')).toHaveTextContent('0.5×');
    await user.keyboard(' ');
    expect(screen.getByTestId('timeline')).toHaveAttribute('data-state', 'playing');
    expect(screen.getByRole('button', { name: 'Pause' })).toBeInTheDocument();
    await user.keyboard(' ');
    expect(screen.getByTestId('timeline')).toHaveAttribute('data-state', 'paused');
  });

  test('Space on a focused button presses that button only', async () => {
    const user = userEvent.setup();
    render(<App scenarios={SCENARIOS} />);
    screen.getByRole('button', { name: 'Step forward' }).focus();
    await user.keyboard(' ');
    expect(counter()).toBe('Step 1 / 3');
    expect(screen.getByTestId('timeline')).toHaveAttribute('data-state', 'paused');
  });

  test('the buttons and the scrubber drive the same player', async () => {
    const user = userEvent.setup();
    render(<App scenarios={SCENARIOS} />);
    expect(screen.getByRole('button', { name: 'Step back' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Last step' }));
    expect(counter()).toBe('Step 3 / 3');
    expect(screen.getByRole('button', { name: 'Step forward' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Replay from the start' })).toBeEnabled();
    const scrubber = screen.getByRole('slider', { name: 'Position in the scenario' });
    act(() => {
      // Range inputs are driven by pointer drags; jsdom needs the value set directly.
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(
        scrubber,
        '1',
      );
      scrubber.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(counter()).toBe('Step 1 / 3');
    expect(scrubber).toHaveAttribute('aria-valuetext', 'Step 1 of 3');
  });

  test('clicking a step in the narration jumps to it and marks it current', async () => {
    const user = userEvent.setup();
    render(<App scenarios={SCENARIOS} />);
    await user.click(screen.getByRole('button', { name: /Go to step 3:/ }));
    expect(counter()).toBe('Step 3 / 3');
    const current = screen.getByRole('listitem', { current: 'step' });
    expect(within(current).getByText(/cpu\.write/)).toBeInTheDocument();
  });

  test('picking another scenario loads it from its first step; titles render as text', async () => {
    const user = userEvent.setup();
    render(<App scenarios={SCENARIOS} />);
    await user.keyboard('{End}');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Scenario' }), 'two');
    expect(counter()).toBe('Step 0 / 1');
    const title = '<b>Second</b> <script>alert(1)</script>';
    expect(screen.getByTestId('narration-text')).toHaveTextContent(title);
    expect(document.querySelector('script')).toBeNull();
    expect(document.querySelector('b')).toBeNull();
  });

  test('the theme toggle forces a theme on <html> and cycles back to the system', async () => {
    const user = userEvent.setup();
    render(<App scenarios={SCENARIOS} />);
    const toggle = screen.getByTestId('theme-toggle');
    expect(document.documentElement).not.toHaveAttribute('data-theme');
    await user.click(toggle);
    expect(document.documentElement).toHaveAttribute('data-theme', 'dark');
    await user.click(toggle);
    expect(document.documentElement).toHaveAttribute('data-theme', 'light');
    await user.click(toggle);
    expect(document.documentElement).not.toHaveAttribute('data-theme');
    expect(toggle).toHaveAccessibleName(/follows the system/);
  });

  test('? opens the shortcuts dialog, and shortcuts are paused while it is open', async () => {
    const user = userEvent.setup();
    render(<App scenarios={SCENARIOS} />);
    await user.keyboard('?');
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(dialog).toHaveAttribute('open');
    await user.keyboard('{ArrowRight}');
    expect(counter()).toBe('Step 0 / 3');
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(dialog).not.toHaveAttribute('open');
    await user.keyboard('{ArrowRight}');
    expect(counter()).toBe('Step 1 / 3');
  });
});
