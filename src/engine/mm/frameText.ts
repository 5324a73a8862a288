/** Frame labels inside a transaction (the same labels as world.ts `frameLabel`). */
import type { Tx } from '../tx';

export function frameText(tx: Tx, frame: number): string {
  if (frame < tx.systemPages) return `sys:${frame}`;
  if (frame === tx.zeroFrame) return 'the zero page';
  const d = tx.deviceOfFrame(frame);
  return d === undefined ? `frame ${frame}` : `${d.name}:${frame - d.base}`;
}
