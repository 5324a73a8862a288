import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { buildTimeline } from '../../../src/app/buildTimeline';
import {
  libraryScenario,
  plainText,
  validateWalkthrough,
  type WalkthroughDoc,
} from '../../../src/scenarios/walkthroughs';
import w2 from '../../../src/scenarios/walkthroughs/w2-migration.json';
import { stageExtent } from '../../../src/views/geometry/extent';
import { layoutStage } from '../../../src/views/geometry/stageLayout';
import { Handout } from '../../../src/views/walkthrough/Handout';

const load = validateWalkthrough(w2, libraryScenario);
if (!load.ok) throw new Error('w2-migration does not validate');
const timeline = buildTimeline(load.scenario);
const extent = stageExtent(timeline.frames);
const layout = layoutStage(extent);

const handout = (doc: WalkthroughDoc, onBack = () => {}) =>
  render(
    <Handout doc={doc} frames={timeline.frames} extent={extent} layout={layout} onBack={onBack} />,
  );
afterEach(() => vi.restoreAllMocks());

describe('the handout', () => {
  test('one section per chapter, each with its stage, text and questions, no answers', () => {
    const { container } = handout(load.doc);
    const sections = container.querySelectorAll('section.handout__chapter');
    expect(sections).toHaveLength(load.doc.chapters.length);
    load.doc.chapters.forEach((ch, i) => {
      const s = sections[i] as HTMLElement;
      expect(within(s).getByRole('heading', { level: 2 })).toHaveTextContent(
        `Chapter ${i + 1} ${ch.title}`,
      );
      expect(s.querySelectorAll('svg').length).toBeGreaterThan(0);
      // The chapter's words, without markup (strong, code… are elements now).
      const words = plainText(ch.text).replace(/\s+/g, ' ');
      expect(s.textContent!.replace(/\s+/g, ' ')).toContain(words.slice(0, 60));
      const cps = ch.checkpoints ?? [];
      expect(s.querySelectorAll('.handout__question')).toHaveLength(cps.length);
      for (const cp of cps) {
        expect(s.textContent).toContain(plainText(cp.prompt).slice(0, 40));
        // The explanation is the answer; it is never on paper.
        expect(s.textContent).not.toContain(plainText(cp.explain).slice(0, 40));
      }
    });
    expect(screen.getByText('Answers are revealed in the app.')).toBeInTheDocument();
    expect(document.body).toHaveClass('handout-open');
  });

  test('raw HTML in a text stays text; links are safe', () => {
    const evil: WalkthroughDoc = {
      ...load.doc,
      chapters: [
        {
          ...load.doc.chapters[0]!,
          text: '<img src=x onerror=alert(1)> and [the kernel](https://kernel.org/) **bold**',
          checkpoints: [],
        },
      ],
    };
    const { container, unmount } = handout(evil);
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toContain('<img src=x onerror=alert(1)>');
    const a = screen.getByRole('link', { name: 'the kernel' });
    expect(a).toHaveAttribute('rel', 'noopener noreferrer');
    expect(a).toHaveAttribute('target', '_blank');
    expect(container.querySelector('strong')).toHaveTextContent('bold');
    unmount();
    expect(document.body).not.toHaveClass('handout-open');
  });

  test('Print handout prints; Back goes back', async () => {
    const user = userEvent.setup();
    const print = vi.spyOn(window, 'print').mockImplementation(() => {});
    const back = vi.fn();
    handout(load.doc, back);
    await user.click(screen.getByRole('button', { name: 'Print handout' }));
    expect(print).toHaveBeenCalledOnce();
    await user.click(screen.getByRole('button', { name: 'Back' }));
    expect(back).toHaveBeenCalledOnce();
  });
});
