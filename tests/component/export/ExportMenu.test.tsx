import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { buildTimeline } from '../../../src/app/buildTimeline';
import type { ScenarioDoc } from '../../../src/engine';
import { libraryScenario } from '../../../src/scenarios/walkthroughs';
import { ExportMenu } from '../../../src/views/export/ExportMenu';
import { stageExtent } from '../../../src/views/geometry/extent';
import { layoutStage } from '../../../src/views/geometry/stageLayout';

const doc = libraryScenario('s5-cpu-touches-device-page') as ScenarioDoc;
const timeline = buildTimeline(doc);
const extent = stageExtent(timeline.frames);
const layout = layoutStage(extent);

const blobs: Blob[] = [];
const clicks: { download: string; href: string }[] = [];
beforeEach(() => {
  blobs.length = 0;
  clicks.length = 0;
  URL.createObjectURL = vi.fn((b: Blob) => {
    blobs.push(b);
    return `blob:test/${blobs.length}`;
  });
  URL.revokeObjectURL = vi.fn();
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
    this: HTMLAnchorElement,
  ) {
    clicks.push({ download: this.download, href: this.href });
  });
});
afterEach(() => vi.restoreAllMocks());

const menu = () =>
  render(
    <ExportMenu
      title="S5: CPU touches a device page"
      timeline={timeline}
      extent={extent}
      layout={layout}
      position={3}
    />,
  );

describe('the export menu', () => {
  test('opens from the keyboard, moves with the arrows, Escape closes and gives focus back', async () => {
    const user = userEvent.setup();
    menu();
    const button = screen.getByRole('button', { name: 'Export' });
    expect(button).toHaveAttribute('aria-haspopup', 'menu');
    expect(button).toHaveAttribute('aria-expanded', 'false');
    button.focus();
    await user.keyboard('{Enter}');
    expect(button).toHaveAttribute('aria-expanded', 'true');
    const items = screen.getAllByRole('menuitem');
    expect(items.map((i) => i.textContent)).toEqual([
      'Stage as SVG',
      'Stage as PNG',
      'This step as animated SVG',
      'Whole scenario as animated SVG',
      'Whole scenario as PNG images (.zip)',
    ]);
    expect(items[0]).toHaveFocus();
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(items[2]).toHaveFocus();
    await user.keyboard('{ArrowUp}{ArrowUp}{ArrowUp}');
    expect(screen.getAllByRole('menuitem')[4]).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).toBeNull();
    expect(button).toHaveFocus();
    await user.keyboard(' ');
    expect(screen.getByRole('menu')).toBeInTheDocument();
    await user.keyboard('{Escape}');
    await user.keyboard('{ArrowUp}');
    expect(screen.getAllByRole('menuitem')[4]).toHaveFocus();
  });

  test('"Stage as SVG" downloads the frame on screen as a standalone SVG', async () => {
    const user = userEvent.setup();
    menu();
    await user.click(screen.getByRole('button', { name: 'Export' }));
    await user.click(screen.getByRole('menuitem', { name: 'Stage as SVG' }));
    await waitFor(() => expect(clicks).toHaveLength(1));
    expect(clicks[0]!.download).toBe('hmm-lab-s5-cpu-touches-a-device-page-frame-3.svg');
    expect(clicks[0]!.href).toBe('blob:test/1');
    expect(blobs[0]!.type).toContain('image/svg+xml');
    const text = await blobs[0]!.text();
    const svg = new DOMParser().parseFromString(text, 'image/svg+xml');
    expect(svg.querySelector('parsererror')).toBeNull();
    expect(svg.querySelector('title')?.textContent).toMatch(/^S5: .* — step \d+, micro-step/);
    await waitFor(() =>
      expect(screen.getByRole('status')).toHaveTextContent(
        'Saved hmm-lab-s5-cpu-touches-a-device-page-frame-3.svg',
      ),
    );
    // The frame was drawn off screen and cleaned up afterwards.
    expect(document.querySelector('.export-offscreen')).toBeNull();
  });

  test('"This step as animated SVG" reports progress and saves every micro-step of the step', async () => {
    const user = userEvent.setup();
    menu();
    await user.click(screen.getByRole('button', { name: 'Export' }));
    await user.click(screen.getByRole('menuitem', { name: 'This step as animated SVG' }));
    await waitFor(() => expect(clicks).toHaveLength(1));
    const step = timeline.frames[3]!.step;
    const count = timeline.frames.filter((f) => f.step === step).length;
    expect(clicks[0]!.download).toBe(`hmm-lab-s5-cpu-touches-a-device-page-step-${step + 1}.svg`);
    const svg = new DOMParser().parseFromString(await blobs[0]!.text(), 'image/svg+xml');
    expect(svg.documentElement.querySelectorAll(':scope > g')).toHaveLength(count);
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent(`${count} frames`));
  });
});
