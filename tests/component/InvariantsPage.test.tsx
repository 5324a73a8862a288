import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, test, vi } from 'vitest';
import { INVARIANTS } from '../../src/engine';
import { INVARIANT_DOCS } from '../../src/views/invariants/catalog';
import { InvariantsPage } from '../../src/views/invariants/InvariantsPage';

describe('the invariants page', () => {
  test('explains every invariant; those the engine checks are marked; one can be focused', () => {
    render(<InvariantsPage focus="INV-P3" onBack={() => {}} />);
    const cards = screen.getAllByTestId('invariant');
    expect(cards).toHaveLength(INVARIANT_DOCS.length);
    const checked = cards.filter((c) => within(c).queryByText('checked by the engine'));
    expect(checked.map((c) => c.id.replace('inv-', '')).sort()).toEqual(
      Object.keys(INVARIANTS).sort(),
    );
    const p3 = document.getElementById('inv-INV-P3')!;
    expect(p3).toHaveAttribute('data-focused', 'true');
    expect(document.activeElement).toBe(p3);
    // Who keeps it, and where the threads discuss it.
    expect(within(p3).getByText('Kept by')).toBeInTheDocument();
    expect(within(p3).getByText('Discussed in')).toBeInTheDocument();
  });

  test('search narrows the list; Back goes back', async () => {
    const user = userEvent.setup();
    const onBack = vi.fn();
    render(<InvariantsPage focus={null} onBack={onBack} />);
    await user.type(screen.getByRole('searchbox'), 'migration entry');
    const left = await screen.findAllByTestId('invariant');
    expect(left.length).toBeGreaterThan(0);
    expect(left.length).toBeLessThan(INVARIANT_DOCS.length);
    await user.click(screen.getByRole('button', { name: '← Back' }));
    expect(onBack).toHaveBeenCalled();
  });
});
