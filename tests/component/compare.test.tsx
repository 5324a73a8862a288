import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, test } from 'vitest';
import { App } from '../../src/app/App';
import type { BuiltinScenario } from '../../src/app/builtinScenarios';
import { compareRuns, defaultChoices } from '../../src/app/compare/runs';
import type { ScenarioDoc } from '../../src/engine';
import RELEASE_HANG from '../../src/scenarios/library/s9-release-hang.json';
import { useUiStore } from '../../src/store/uiStore';
import { SHORT_SCENARIO } from '../../stories/fixtures';

const HANG_DOC = RELEASE_HANG as ScenarioDoc;
const SCENARIOS: BuiltinScenario[] = [{ id: 's9', doc: HANG_DOC }, SHORT_SCENARIO];
const counter = () => screen.getByTestId('step-counter').textContent;

beforeEach(() => {
  useUiStore.setState({ themePreference: 'system', systemTheme: 'light', shortcutsOpen: false });
});

async function openCompare() {
  const user = userEvent.setup();
  render(<App scenarios={SCENARIOS} />);
  await user.click(screen.getByRole('button', { name: 'Compare' }));
  await screen.findByTestId('compare-page', {}, { timeout: 5000 });
  return user;
}

describe('the compare page', () => {
  test('the Player names a kernel that is not the fixed one, and only then', async () => {
    const { unmount } = render(<App scenarios={[SHORT_SCENARIO]} />);
    expect(screen.queryByTestId('kernel-chip')).toBeNull();
    unmount();
    render(<App scenarios={SCENARIOS} />);
    expect(await screen.findByTestId('kernel-chip')).toHaveTextContent(
      'ERA_C · without FIX_EVICT_ON_RELEASE',
    );
  });

  test('Compare in the header opens #compare and is marked as the page shown', async () => {
    await openCompare();
    expect(window.location.hash).toBe('#compare');
    expect(screen.getByRole('button', { name: 'Compare' })).toHaveAttribute('aria-current', 'page');
    expect(
      screen.getByRole('region', { name: /^Left kernel: ERA_C · without FIX_EVICT_ON_RELEASE/ }),
    ).toBeInTheDocument();
    expect(screen.getByRole('region', { name: /^Right kernel: fixed kernel/ })).toBeInTheDocument();
  });

  test('it marks where the kernels part, jumps there, and links the rule that explains it', async () => {
    const user = await openCompare();
    const { left, right } = defaultChoices(HANG_DOC);
    const expected = compareRuns(HANG_DOC, left, right).divergence!;
    const panel = screen.getByTestId('compare-divergence');
    expect(panel).toHaveTextContent(
      /They part here: step 6 \(dev\.release · dev0\), micro-step \d/,
    );
    expect(within(panel).getByRole('link', { name: 'INV-P7' })).toHaveAttribute(
      'href',
      '#inv=INV-P7',
    );
    expect(counter()).toMatch(/^0 \//);
    await user.click(screen.getByRole('button', { name: 'Jump to first difference' }));
    expect(counter()).toMatch(new RegExp(`^${expected.row} /`));
    expect(screen.getByTestId('compare-pane-left')).toHaveAttribute('data-parted', 'true');
    expect(screen.getByRole('button', { name: 'Jump to first difference' })).toBeDisabled();
    // The same keys as the Player: → steps both panes on.
    await user.keyboard('{ArrowRight}');
    expect(counter()).toMatch(new RegExp(`^${expected.row + 1} /`));
    expect(
      within(screen.getByTestId('compare-pane-left')).getByTestId('kernel-outcome'),
    ).toHaveTextContent('HANG');
  });

  test('the same kernel on both sides: no difference', async () => {
    const user = await openCompare();
    const rightPane = screen.getByTestId('compare-pane-right');
    await user.click(within(rightPane).getByRole('checkbox', { name: /EVICT_ON_RELEASE/ }));
    await waitFor(() =>
      expect(screen.getByTestId('compare-divergence')).toHaveTextContent(/No difference/),
    );
    expect(screen.queryByRole('button', { name: 'Jump to first difference' })).toBeNull();
  });
});
