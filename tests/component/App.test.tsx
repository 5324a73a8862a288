import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, test } from 'vitest';
import { App } from '../../src/app/App';
import { buildTimeline } from '../../src/app/buildTimeline';
import type { BuiltinScenario } from '../../src/app/builtinScenarios';
import { useUiStore } from '../../src/store/uiStore';
import { SHORT_DOC, SHORT_SCENARIO } from '../../stories/fixtures';

const XSS_TITLE = '<b>Second</b> <script>alert(1)</script>';
const SCENARIOS: BuiltinScenario[] = [
  SHORT_SCENARIO,
  {
    id: 'two',
    doc: {
      format: 'hmm-lab/scenario@1',
      title: XSS_TITLE,
      machine: { systemPages: 4, devices: [] },
      steps: [{ op: 'spawn', proc: 'B' }],
    },
  },
];
const TIMELINE = buildTimeline(SHORT_DOC);
const TOTAL = TIMELINE.frames.length - 1;
const counter = () => screen.getByTestId('step-counter').textContent;
/** The frame index where step `i` ends (its result shows). */
const endOf = (i: number) => (TIMELINE.opStarts[i + 1] ?? TOTAL + 1) - 1;

beforeEach(() => {
  useUiStore.setState({ themePreference: 'system', systemTheme: 'light', shortcutsOpen: false });
  document.documentElement.removeAttribute('data-theme');
});

describe('the app shell', () => {
  test('shows the product name, the picker, the stage, the narration and the timeline', () => {
    render(<App scenarios={SCENARIOS} />);
    expect(screen.getByRole('heading', { level: 1, name: 'HMM Lab' })).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Scenario' })).toHaveValue('short');
    expect(screen.getByRole('region', { name: `Stage: ${SHORT_DOC.title}` })).toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'Page tables and memory' })).toBeInTheDocument();
    expect(screen.getByRole('complementary', { name: 'Narration' })).toBeInTheDocument();
    expect(screen.getByRole('toolbar', { name: 'Timeline' })).toBeInTheDocument();
    expect(counter()).toBe(`0 / ${TOTAL}`);
  });

  test('the stage shows the state of the frame on screen, from the recorded trace', async () => {
    const user = userEvent.setup();
    render(<App scenarios={SCENARIOS} />);
    // Before anything runs, process A has no entries yet.
    expect(screen.queryByRole('img', { name: /Process A, page 0/ })).toBeInTheDocument();
    expect(screen.getByRole('img', { name: 'Process A, page 0: no entry.' })).toBeInTheDocument();
    // At the end of dev.migrate, page 0 is a writable device-private entry.
    await user.click(screen.getByRole('button', { name: /^5 / }));
    expect(counter()).toBe(`${endOf(4)} / ${TOTAL}`);
    expect(
      screen.getByRole('img', { name: 'Process A, page 0: dev-private RW entry to dev0:0.' }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('narration-result')).toHaveTextContent('cpages 2');
    // Back to the end of cpu.write: the same row shows the system page again (not an undo).
    await user.click(screen.getByRole('button', { name: /^3 / }));
    expect(
      screen.getByRole('img', { name: /^Process A, page 0: present RW entry to sys:\d+\.$/ }),
    ).toBeInTheDocument();
  });

  test('the keyboard steps, jumps by op, plays and changes speed', async () => {
    const user = userEvent.setup();
    render(<App scenarios={SCENARIOS} />);
    await user.keyboard('{ArrowRight}{ArrowRight}');
    expect(counter()).toBe(`2 / ${TOTAL}`);
    expect(screen.getByTestId('narration-text')).toHaveTextContent(
      'mmap · A · pages 0–1 · prot rw',
    );
    await user.keyboard('{ArrowLeft}');
    expect(counter()).toBe(`1 / ${TOTAL}`);
    await user.keyboard('{Shift>}{ArrowRight}{/Shift}');
    expect(counter()).toBe(`${endOf(1)} / ${TOTAL}`);
    await user.keyboard('{Shift>}{ArrowRight}{/Shift}');
    expect(counter()).toBe(`${endOf(2)} / ${TOTAL}`);
    await user.keyboard('{Shift>}{ArrowLeft}{/Shift}');
    expect(counter()).toBe(`${endOf(1)} / ${TOTAL}`);
    await user.keyboard('{End}');
    expect(counter()).toBe(`${TOTAL} / ${TOTAL}`);
    await user.keyboard('{Home}');
    expect(counter()).toBe(`0 / ${TOTAL}`);
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
    expect(counter()).toBe(`1 / ${TOTAL}`);
    expect(screen.getByTestId('timeline')).toHaveAttribute('data-state', 'paused');
  });

  test('the buttons and the scrubber drive the same player', async () => {
    const user = userEvent.setup();
    render(<App scenarios={SCENARIOS} />);
    expect(screen.getByRole('button', { name: 'Step back' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Last step' }));
    expect(counter()).toBe(`${TOTAL} / ${TOTAL}`);
    expect(screen.getByRole('button', { name: 'Step forward' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Replay from the start' })).toBeEnabled();
    const scrubber = screen.getByRole('slider', { name: 'Micro-step of the scenario' });
    // Range inputs are dragged; jsdom cannot drag, so the new value is set as the browser would.
    fireEvent.change(scrubber, { target: { value: '1' } });
    expect(counter()).toBe(`1 / ${TOTAL}`);
    expect(scrubber).toHaveAttribute('aria-valuetext', `Micro-step 1 of ${TOTAL}`);
  });

  test('clicking a step in the narration jumps to its end and marks it current', async () => {
    const user = userEvent.setup();
    render(<App scenarios={SCENARIOS} />);
    await user.click(screen.getByRole('button', { name: /^3 / }));
    expect(counter()).toBe(`${endOf(2)} / ${TOTAL}`);
    const current = screen.getByRole('listitem', { current: 'step' });
    expect(within(current).getByText(/cpu\.write/)).toBeInTheDocument();
  });

  test('picking another scenario loads it from its first frame; titles render as text', async () => {
    const user = userEvent.setup();
    render(<App scenarios={SCENARIOS} />);
    await user.keyboard('{End}');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Scenario' }), 'two');
    expect(counter()).toMatch(/^0 \/ \d+$/);
    expect(screen.getByTestId('narration-text')).toHaveTextContent(XSS_TITLE);
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
    const dialog = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(dialog).toHaveAttribute('open');
    await user.keyboard('{ArrowRight}');
    expect(counter()).toBe(`0 / ${TOTAL}`);
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(dialog).not.toHaveAttribute('open');
    await user.keyboard('{ArrowRight}');
    expect(counter()).toBe(`1 / ${TOTAL}`);
  });

  test('a scenario the engine cannot run shows why on the stage; the app stays usable', async () => {
    const user = userEvent.setup();
    const broken = {
      id: 'broken',
      // Not a valid document (no device list): what an unchecked source could hand the app.
      doc: { ...SHORT_DOC, title: 'Broken', machine: { systemPages: 4 } },
    } as unknown as BuiltinScenario;
    render(<App scenarios={[broken, SHORT_SCENARIO]} />);
    expect(screen.getByRole('heading', { name: 'Nothing to draw' })).toBeInTheDocument();
    expect(screen.getByText(/The engine could not run this scenario:/)).toBeInTheDocument();
    expect(screen.getByTestId('step-counter')).toHaveTextContent('No steps');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Scenario' }), 'short');
    expect(screen.getByRole('group', { name: 'Page tables and memory' })).toBeInTheDocument();
    expect(counter()).toBe(`0 / ${TOTAL}`);
  });
});

describe('pages, sharing and embedding', () => {
  test('the gallery lists the given scenarios; choosing one plays it', async () => {
    const user = userEvent.setup();
    render(<App scenarios={SCENARIOS} />);
    await user.click(screen.getByTestId('gallery-button'));
    // The gallery and the share dialog are lazy chunks: under a loaded CI machine their first
    // import can take longer than findBy's default second.
    const gallery = await screen.findByTestId('gallery', {}, { timeout: 8000 });
    expect(within(gallery).getAllByTestId('gallery-card')).toHaveLength(2);
    expect(screen.getByTestId('gallery-button')).toHaveAttribute('aria-current', 'page');
    expect(screen.getByTestId('editor-button')).not.toHaveAttribute('aria-current');
    await user.click(within(gallery).getByRole('button', { name: XSS_TITLE }));
    expect(screen.queryByTestId('gallery')).toBeNull();
    expect(screen.getByRole('combobox', { name: 'Scenario' })).toHaveValue('two');
    window.history.replaceState(null, '', '/');
  });

  test('Share offers a link to this step and an embed snippet', async () => {
    const user = userEvent.setup();
    render(<App scenarios={SCENARIOS} />);
    await user.keyboard('{ArrowRight}{ArrowRight}{ArrowRight}');
    await user.click(screen.getByTestId('share-button'));
    const link = (await screen.findByTestId(
      'share-link',
      {},
      { timeout: 8000 },
    )) as HTMLInputElement;
    await waitFor(() => expect(link.value).toContain('#s=1.'));
    const { decodeLink } = await import('../../src/url/codec');
    const decoded = decodeLink(link.value.split('#')[1]!);
    expect(decoded.ok && decoded.payload.at).toBe(3);
    expect(decoded.ok && decoded.payload.scenario.title).toBe(SHORT_DOC.title);
    const embed = screen.getByTestId('share-embed') as HTMLTextAreaElement;
    expect(embed.value).toMatch(/^<iframe src="[^"]*\?embed#s=1\.[^"]*"/);
    await user.click(screen.getByRole('button', { name: 'Close' }));
  });

  test('embed mode: stage, narration and timeline only, with a way to the full app', () => {
    render(<App scenarios={SCENARIOS} embed />);
    expect(screen.queryByRole('combobox', { name: 'Scenario' })).toBeNull();
    expect(screen.queryByTestId('gallery-button')).toBeNull();
    expect(screen.getByTestId('embed-bar')).toHaveTextContent(SHORT_DOC.title);
    expect(screen.getByRole('link', { name: /Open in HMM Lab/ })).toHaveAttribute(
      'target',
      '_blank',
    );
    expect(screen.getByTestId('stage')).toBeInTheDocument();
    expect(screen.getByTestId('narration')).toBeInTheDocument();
    expect(screen.getByTestId('step-counter')).toHaveTextContent(`0 / ${TOTAL}`);
  });
});

describe('the address bar', () => {
  test('follows the step once stepping pauses, and stays plain on a first visit', async () => {
    window.history.replaceState(null, '', '/');
    const user = userEvent.setup();
    render(<App scenarios={SCENARIOS} />);
    await new Promise((r) => setTimeout(r, 600));
    expect(window.location.hash).toBe('');
    await user.keyboard('{ArrowRight}{ArrowRight}');
    await waitFor(() => expect(window.location.hash).toMatch(/^#s=1\./), { timeout: 3000 });
    const { decodeLink } = await import('../../src/url/codec');
    const r = decodeLink(window.location.hash);
    expect(r.ok && r.payload.at).toBe(2);
    expect(r.ok && r.payload.scenario.title).toBe(SHORT_DOC.title);
    window.history.replaceState(null, '', '/');
  });
});
