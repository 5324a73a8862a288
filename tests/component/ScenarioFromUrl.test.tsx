/** Opening a scenario from a shared link (`#s=1.…`): a new "From link" entry, or a clear error. */
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { App } from '../../src/app/App';
import { buildTimeline } from '../../src/app/buildTimeline';
import type { ScenarioDoc } from '../../src/engine';
import { encodeScenario } from '../../src/url/codec';
import { useUiStore } from '../../src/store/uiStore';
import { SHORT_DOC, SHORT_SCENARIO } from '../../stories/fixtures';

const LINKED: ScenarioDoc = {
  format: 'hmm-lab/scenario@1',
  title: 'Shared: one page <img src=x onerror="window.__xss=1">',
  machine: { systemPages: 4, devices: [] },
  steps: [
    { op: 'spawn', proc: 'L' },
    { op: 'mmap', proc: 'L', page: 0, count: 1, prot: 'rw' },
  ],
};
const LINKED_TOTAL = buildTimeline(LINKED).frames.length - 1;
const SHORT_TOTAL = buildTimeline(SHORT_DOC).frames.length - 1;
const counter = () => screen.getByTestId('step-counter').textContent;
const picker = () => screen.getByRole('combobox', { name: 'Scenario' });

/** Navigates to a fragment as a click on a link would; jsdom fires `hashchange` by itself. */
async function goTo(hash: string) {
  await act(async () => {
    window.location.hash = hash;
    // Let jsdom's hashchange and the lazy import of the codec settle.
    await new Promise((r) => setTimeout(r, 20));
  });
}

beforeEach(() => {
  useUiStore.setState({ shortcutsOpen: false });
  history.replaceState(null, '', '/');
});
afterEach(() => {
  history.replaceState(null, '', '/');
  delete (window as { __xss?: unknown }).__xss;
});

describe('a scenario from the URL fragment', () => {
  test('at startup, a valid link opens as a "From link" entry; the built-in ones stay', async () => {
    history.replaceState(null, '', `/${encodeScenario(LINKED)}`);
    render(<App scenarios={[SHORT_SCENARIO]} />);
    await screen.findByRole('option', { name: `From link: ${LINKED.title}` });
    expect(picker()).toHaveValue('from-link-1');
    expect(screen.getByRole('region', { name: `Stage: ${LINKED.title}` })).toBeInTheDocument();
    await waitFor(() => expect(counter()).toBe(`0 / ${LINKED_TOTAL}`));
    // The title is text: no element was made from the markup in it, nothing ran.
    expect(document.querySelector('img')).toBeNull();
    expect((window as { __xss?: unknown }).__xss).toBeUndefined();
    expect(within(picker()).getByRole('option', { name: SHORT_DOC.title })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  test('a tampered link keeps the scenario and its position, and lists the errors as text', async () => {
    const user = userEvent.setup();
    render(<App scenarios={[SHORT_SCENARIO]} />);
    await user.keyboard('{ArrowRight}{ArrowRight}');
    expect(counter()).toBe(`2 / ${SHORT_TOTAL}`);
    // A link whose payload decodes to a document with a hostile op name and a bad field.
    const hostile = encodeScenario({
      ...LINKED,
      steps: [
        { op: 'spawn', proc: 'L' },
        { op: '<img src=x onerror="window.__xss=1">' },
        { op: 'mmap', proc: 'L', page: -1, count: 1, prot: 'rw' },
      ],
    } as unknown as ScenarioDoc);
    await goTo(hostile);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('This link could not be opened.');
    expect(alert).toHaveTextContent('unknown op "<img src=x onerror="window.__xss=1">"');
    expect(alert).toHaveTextContent('steps[2].page: expected a page number ≥ 0');
    // One line saying what is wrong with the link, then one per error in the document.
    expect(within(alert).getAllByRole('listitem')).toHaveLength(3);
    expect(document.querySelector('img')).toBeNull();
    expect((window as { __xss?: unknown }).__xss).toBeUndefined();
    // The gallery is offered; behind it nothing changed: same scenario, same micro-step, no
    // new entry.
    expect(screen.getByTestId('gallery')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: /Back to the stage/ }));
    expect(picker()).toHaveValue('short');
    expect(within(picker()).getAllByRole('option')).toHaveLength(1);
    expect(counter()).toBe(`2 / ${SHORT_TOTAL}`);
    // The app stays usable, and the error goes away when dismissed.
    await user.keyboard('{ArrowRight}');
    expect(counter()).toBe(`3 / ${SHORT_TOTAL}`);
    await user.click(within(alert).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  test('a damaged payload says so; a good link after it opens and clears the error', async () => {
    render(<App scenarios={[SHORT_SCENARIO]} />);
    const good = encodeScenario(LINKED);
    await goTo(`${good.slice(0, -12)}ZZZZ`);
    expect(await screen.findByRole('alert')).toHaveTextContent(/damaged/);
    expect(picker()).toHaveValue('short');
    await goTo(good);
    expect(picker()).toHaveValue('from-link-1');
    expect(screen.queryByRole('alert')).toBeNull();
    // Back to the built-in one, then the same link again: one entry, reopened, not duplicated.
    await userEvent.setup().selectOptions(picker(), 'short');
    await goTo('#elsewhere');
    await goTo(good);
    expect(picker()).toHaveValue('from-link-1');
    expect(within(picker()).getAllByRole('option')).toHaveLength(2);
  });

  test('fragments that are not scenario links are ignored', async () => {
    history.replaceState(null, '', '/#about');
    render(<App scenarios={[SHORT_SCENARIO]} />);
    await goTo('#step-3');
    expect(picker()).toHaveValue('short');
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
