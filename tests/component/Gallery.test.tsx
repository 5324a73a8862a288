import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, test, vi } from 'vitest';
import { runScenario } from '../../src/engine';
import type { ScenarioDoc } from '../../src/engine/trace';
import { Gallery } from '../../src/views/gallery/Gallery';
import { SHORT_DOC } from '../../stories/fixtures';

const entry = (id: string, title: string, about: ScenarioDoc['about']) => ({
  id,
  doc: { ...SHORT_DOC, title, about },
});
const ENTRIES = [
  entry('s4-move', 'Move pages to the device', { topic: 'migration', watch: ['the pgmap ref'] }),
  entry('selftest-hmm-migrate', 'Selftest hmm.migrate', {
    topic: 'migration',
    selftest: 'hmm.migrate',
    source: 'hmm-tests.c TEST_F(hmm, migrate)',
  }),
  entry('s10-fork', 'Fork <b>with</b> a device page', { topic: 'fork-cow', source: 'S10' }),
];

function renderGallery(props: Partial<Parameters<typeof Gallery>[0]> = {}) {
  const onOpen = vi.fn();
  const onBack = vi.fn();
  render(
    <Gallery
      entries={ENTRIES}
      finals={new Map([['s4-move', runScenario(SHORT_DOC).final]])}
      current="s4-move"
      currentTitle="Move pages to the device"
      onOpen={onOpen}
      onBack={onBack}
      {...props}
    />,
  );
  return { onOpen, onBack };
}

describe('the gallery', () => {
  test('groups scenarios by topic, teaching ones first, selftests marked', () => {
    renderGallery();
    const sections = screen.getAllByRole('region');
    expect(
      sections.map((s) => within(s).getAllByRole('heading', { level: 3 })[0]!.textContent),
    ).toEqual(['Migration 2', 'Fork and copy-on-write 1']);
    const titles = within(sections[0]!)
      .getAllByRole('button')
      .map((b) => b.textContent);
    expect(titles).toEqual(['Move pages to the device', 'Selftest hmm.migrate']);
    expect(screen.getAllByText('Kernel selftest')).toHaveLength(1);
    // Titles are text, never markup.
    expect(
      screen.getByRole('button', { name: 'Fork <b>with</b> a device page' }),
    ).toBeInTheDocument();
    // A preview is drawn for the scenario whose final state is known, and only for it.
    const ready = screen.getAllByTestId('scenario-thumb').filter((t) => t.dataset.ready);
    expect(ready).toHaveLength(1);
  });

  test('a featured scenario comes first, under "Start here", and not again in its topic', () => {
    renderGallery({ featured: ['s10-fork'] });
    const headings = screen
      .getAllByRole('region')
      .map((s) => within(s).getAllByRole('heading', { level: 3 })[0]!.textContent);
    expect(headings).toEqual(['Start here 1', 'Migration 2']);
  });

  test('search and the kind filter narrow the list; a title opens its scenario', async () => {
    const user = userEvent.setup();
    const { onOpen, onBack } = renderGallery();
    await user.type(screen.getByRole('searchbox'), 'fork');
    expect(await screen.findByText('1 scenario')).toBeInTheDocument();
    await user.clear(screen.getByRole('searchbox'));
    await user.click(screen.getByRole('radio', { name: 'Kernel selftests' }));
    expect(screen.getByTestId('gallery-count')).toHaveTextContent('1 scenario');
    await user.click(screen.getByRole('button', { name: 'Selftest hmm.migrate' }));
    expect(onOpen).toHaveBeenCalledWith('selftest-hmm-migrate');
    await user.click(screen.getByRole('button', { name: /Back to the stage/ }));
    expect(onBack).toHaveBeenCalled();
  });

  test('says when the library is loading, or why it could not be loaded', () => {
    const { unmount } = render(
      <Gallery
        entries={null}
        finals={new Map()}
        current=""
        currentTitle=""
        onOpen={() => {}}
        onBack={() => {}}
      />,
    );
    expect(screen.getByTestId('gallery-count')).toHaveTextContent('Loading the library…');
    unmount();
    render(
      <Gallery
        entries={null}
        failed="offline"
        finals={new Map()}
        current=""
        currentTitle=""
        onOpen={() => {}}
        onBack={() => {}}
      />,
    );
    expect(screen.getByRole('alert')).toHaveTextContent(
      'The library could not be loaded (offline)',
    );
  });
});
