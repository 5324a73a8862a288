/**
 * The presenter's pointer: a large glowing dot that follows the mouse, so the back row sees
 * what is being pointed at on a projector (the system cursor is too small there).
 */
import { useEffect, useState } from 'react';

export function LaserPointer() {
  const [at, setAt] = useState<{ x: number; y: number } | null>(null);
  useEffect(() => {
    const move = (e: PointerEvent) => setAt({ x: e.clientX, y: e.clientY });
    const leave = () => setAt(null);
    window.addEventListener('pointermove', move);
    document.documentElement.addEventListener('pointerleave', leave);
    return () => {
      window.removeEventListener('pointermove', move);
      document.documentElement.removeEventListener('pointerleave', leave);
    };
  }, []);
  if (!at) return null;
  return (
    <div
      className="laser-pointer"
      aria-hidden="true"
      data-testid="laser-pointer"
      style={{ transform: `translate(${at.x}px, ${at.y}px)` }}
    />
  );
}
