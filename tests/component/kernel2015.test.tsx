import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, test } from 'vitest';
import { App } from '../../src/app/App';
import { runPane } from '../../src/app/compare/runs';
import type { ScenarioDoc } from '../../src/engine';
import S10 from '../../src/scenarios/library/s10-fork-device-private.json';
import S18 from '../../src/scenarios/library/s18-dummy-driver-2015.json';
import { useUiStore } from '../../src/store/uiStore';
import { KernelPicker } from '../../src/views/kernel/KernelPicker';
import { FIXED_CHOICE, choiceOfSpec, specOf } from '../../src/views/kernel/kernelSpec';
import { parsedJson, renderEditor } from './editor/helpers';

/**
 * The 2015 API in the kernel pickers: its own label, no eras or fixes under it, and a scenario it
 * cannot run (fork, snapshots…) gets the loader's words, in the editor and on the compare page,
 * with nothing of the document lost.
 */
const FORK_DOC = S10 as ScenarioDoc;
const DOC_2015 = S18 as ScenarioDoc;

beforeEach(() => {
  localStorage.clear();
  useUiStore.setState({ themePreference: 'system', systemTheme: 'light', shortcutsOpen: false });
});

describe('the kernel picker', () => {
  test('names 2015 and rests the era, the pinning policy and the fixes under it', () => {
    const { rerender } = render(
      <KernelPicker legend="Kernel" value={FIXED_CHOICE} onChange={() => {}} />,
    );
    const api = screen.getByRole('combobox', { name: 'HMM API' });
    expect(within(api).getByRole('option', { name: /^2015/ })).toHaveTextContent(
      "2015: HMM's own mirror table, dummy driver (seed 000)",
    );
    expect(screen.getByRole('list', { name: 'Fixes' })).toBeInTheDocument();
    rerender(
      <KernelPicker legend="Kernel" value={{ ...FIXED_CHOICE, api: '2015' }} onChange={() => {}} />,
    );
    expect(screen.getByRole('combobox', { name: 'Era' })).toBeDisabled();
    expect(screen.getByRole('combobox', { name: 'Era' })).toHaveAccessibleDescription(
      /predates ZONE_DEVICE/,
    );
    expect(screen.getByRole('combobox', { name: /Long-term pins/ })).toBeDisabled();
    expect(screen.queryByRole('list', { name: 'Fixes' })).toBeNull();
  });

  test('a 2015 choice is stored as the API alone (the loader refuses an era with it)', () => {
    expect(specOf({ ...FIXED_CHOICE, era: 'ERA_B_NOBIAS_BROKEN', api: '2015' })).toEqual({
      api: '2015',
    });
    expect(choiceOfSpec({ api: '2015' }).api).toBe('2015');
  });
});

describe('the editor', () => {
  test('opens a 2015 scenario on the 2015 API, and a change keeps it', async () => {
    const { user } = renderEditor(DOC_2015);
    const section = screen.getByTestId('editor-kernel');
    const api = within(section).getByRole('combobox', { name: 'HMM API' });
    expect(api).toHaveValue('2015');
    await user.selectOptions(api, 'today');
    expect('kernel' in parsedJson().machine).toBe(false);
    await user.selectOptions(api, '2015');
    expect(parsedJson().machine.kernel).toEqual({ api: '2015' });
  });

  test("2015 for a scenario with fork shows the loader's error; going back loses nothing", async () => {
    const { user } = renderEditor(FORK_DOC);
    const api = within(screen.getByTestId('editor-kernel')).getByRole('combobox', {
      name: 'HMM API',
    });
    await user.selectOptions(api, '2015');
    expect(parsedJson().machine.kernel).toEqual({ api: '2015' });
    const fork = FORK_DOC.steps.findIndex((s) => s.op === 'fork');
    // The editor checks the document once typing pauses.
    expect(
      (await screen.findAllByText(/fork is not part of the 2015 HMM API/)).length,
    ).toBeGreaterThanOrEqual(1);
    expect(screen.getAllByText(`steps[${fork}].op`).length).toBeGreaterThanOrEqual(1);
    expect(screen.getByRole('button', { name: 'Play' })).toBeDisabled();
    await user.selectOptions(api, 'today');
    const back = parsedJson();
    expect(back.steps).toEqual(FORK_DOC.steps);
    expect(back.machine).toEqual(FORK_DOC.machine);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Play' })).toBeEnabled());
  });
});

describe('the compare page', () => {
  test('a pane on the 2015 API says why it cannot run a scenario with fork', () => {
    const run = runPane(FORK_DOC, { ...FIXED_CHOICE, api: '2015' });
    expect(run.timeline.frames).toHaveLength(0);
    expect(run.problem).toMatch(/^This kernel cannot run this scenario: steps\[\d+\]\.op/);
    expect(run.problem).toContain('fork is not part of the 2015 HMM API');
  });

  test('picking 2015 in a pane shows the refusal there; the other pane still plays', async () => {
    const user = userEvent.setup();
    render(<App scenarios={[{ id: 's10', doc: FORK_DOC }]} />);
    await user.click(screen.getByRole('button', { name: 'Compare' }));
    await screen.findByTestId('compare-page', {}, { timeout: 5000 });
    const right = screen.getByTestId('compare-pane-right');
    await user.selectOptions(within(right).getByRole('combobox', { name: 'HMM API' }), '2015');
    expect(
      await within(right).findByText(/This kernel cannot run this scenario/),
    ).toHaveTextContent('fork is not part of the 2015 HMM API');
    expect(screen.getByTestId('compare-pane-left')).toHaveAccessibleName(/^Left kernel: fixed/);
    // Back to today's API: both run again.
    await user.selectOptions(within(right).getByRole('combobox', { name: 'HMM API' }), 'today');
    expect(within(right).queryByText(/This kernel cannot run this scenario/)).toBeNull();
  });
});
