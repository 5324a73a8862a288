import { startTransition, useEffect, useState } from 'react';

/**
 * `value` once it has stopped changing for `delayMs`: for work that is only read at rest (the
 * stage's summary for screen readers), so holding → down through a scenario does not pay for
 * it at every step. The update is a transition: typing or stepping interrupts it.
 */
export function useSettled<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    if (Object.is(settled, value)) return;
    const id = setTimeout(() => startTransition(() => setSettled(value)), delayMs);
    return () => clearTimeout(id);
  }, [value, delayMs, settled]);
  return settled;
}
