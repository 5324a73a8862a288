import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, test } from 'vitest';
import { App } from '../../src/app/App';
import { pathCounts, runComparison } from '../../src/app/compare/gmemRuns';
import { comparisonById } from '../../src/scenarios/comparisons';
import { LIBRARY } from '../../src/scenarios/library/index';
import { useUiStore } from '../../src/store/uiStore';
import { SHORT_SCENARIO } from '../../stories/fixtures';

const CMP = comparisonById('cmp-alloc-device-cpu')!;
const RUN = runComparison(CMP, LIBRARY);
const COUNTS = pathCounts(CMP.beats);
const counter = () => screen.getByTestId('step-counter').textContent;

beforeEach(() => {
  useUiStore.setState({ themePreference: 'system', systemTheme: 'light', shortcutsOpen: false });
  window.history.replaceState(null, '', '/');
});

async function openComparison(id = CMP.id) {
  window.history.replaceState(null, '', `/#compare/gmem/${id}`);
  const user = userEvent.setup();
  render(<App scenarios={[SHORT_SCENARIO]} />);
  await screen.findByTestId('gmem-compare-page', {}, { timeout: 8000 });
  await waitFor(() => expect(counter()).toBe(`0 / ${RUN.rows.length - 1}`));
  return user;
}

describe('the HMM-vs-GMEM comparison page', () => {
  test('opens from its address with both panes, the beats and the summary', async () => {
    await openComparison();
    // The page names the comparison once: "HMM vs GMEM" is not repeated from its title.
    expect(screen.getByRole('heading', { level: 2 })).toHaveTextContent(
      `HMM vs GMEM ${CMP.title.replace(/^HMM vs GMEM: /, '')}`,
    );
    expect(screen.getAllByTestId('beat-button')).toHaveLength(CMP.beats.length);
    expect(screen.getByTestId('gmem-beat-intro')).toHaveTextContent(CMP.summary);
    for (const side of ['hmm', 'gmem']) {
      expect(screen.getByTestId(`gmem-pane-${side}-where`)).toHaveTextContent(
        'Before the first step',
      );
    }
  });

  test('Next beat moves both panes to the end of the beat, with its layers, paths and debate', async () => {
    const user = await openComparison();
    await user.click(screen.getByTestId('beat-next'));
    expect(counter()).toBe(`${RUN.beatEnds[0]} / ${RUN.rows.length - 1}`);
    await user.click(screen.getByTestId('beat-next'));
    expect(counter()).toBe(`${RUN.beatEnds[1]} / ${RUN.rows.length - 1}`);
    const beat = CMP.beats[1]!;
    expect(screen.getByRole('heading', { name: `Beat 2 of ${CMP.beats.length}: ${beat.title}` }));
    // Both panes show the last step of the beat (HMM: mirror.open; GMEM: gm.as-attach).
    expect(screen.getByTestId('gmem-pane-hmm-where')).toHaveTextContent(
      `Step ${beat.hmm.at(-1)! + 1}`,
    );
    expect(screen.getByTestId('gmem-pane-gmem-where')).toHaveTextContent(
      `Step ${beat.gmem.at(-1)! + 1}`,
    );
    expect(within(screen.getByTestId('gmem-pane-hmm')).getByText('mirror.open', { exact: false }));
    expect(screen.getByTestId('gmem-layers')).toHaveTextContent(beat.layers.gmem.core);
    for (const side of ['hmm', 'gmem'] as const) {
      expect(screen.getByTestId(`driver-paths-${side}-beat`)).toHaveTextContent(
        String(COUNTS.perBeat[1]![side]),
      );
      expect(screen.getByTestId(`driver-paths-${side}-sofar`)).toHaveTextContent(
        String(COUNTS.soFar[1]![side]),
      );
    }
    const quotes = screen.getAllByTestId('debate-quote');
    expect(quotes).toHaveLength(beat.debate!.length);
    expect(quotes[0]).toHaveTextContent(beat.debate![0]!.said);
    expect(quotes[0]).toHaveTextContent(beat.debate![0]!.where);
    expect(screen.getAllByTestId('beat-button')[1]).toHaveAttribute('aria-current', 'step');
  });

  test('a beat chosen from the list; the fork beat shows GMEM’s -ENOSYS; arrows step on', async () => {
    const user = await openComparison();
    const fork = CMP.beats.findIndex((b) => b.title.includes('fork'));
    await user.click(screen.getAllByTestId('beat-button')[fork]!);
    expect(counter()).toBe(`${RUN.beatEnds[fork]} / ${RUN.rows.length - 1}`);
    expect(screen.getByTestId('gmem-pane-gmem-errno')).toHaveTextContent('Returns -ENOSYS');
    expect(screen.queryByTestId('gmem-pane-hmm-errno')).toBeNull();
    await user.keyboard('{ArrowRight}');
    expect(counter()).toBe(`${RUN.beatEnds[fork]! + 1} / ${RUN.rows.length - 1}`);
    await user.click(screen.getByTestId('beat-prev'));
    expect(counter()).toBe(`${RUN.beatEnds[fork]} / ${RUN.rows.length - 1}`);
  });

  test('an unknown comparison says so; the kernel compare page links to the comparisons', async () => {
    window.history.replaceState(null, '', '/#compare/gmem/cmp-nope');
    const { unmount } = render(<App scenarios={[SHORT_SCENARIO]} />);
    expect(
      await screen.findByTestId('gmem-compare-missing', {}, { timeout: 8000 }),
    ).toHaveTextContent('cmp-nope');
    unmount();
    window.history.replaceState(null, '', '/#compare');
    render(<App scenarios={[SHORT_SCENARIO]} />);
    const links = await screen.findByTestId('compare-gmem-links', {}, { timeout: 8000 });
    expect(within(links).getByRole('link', { name: /allocate, device touch/ })).toHaveAttribute(
      'href',
      '#compare/gmem/cmp-alloc-device-cpu',
    );
  });
});
