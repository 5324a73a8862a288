/**
 * The GMEM side of the stage (seed 003), shown whenever the machine has CONFIG_GMEM: the logical
 * page table beside the CPU page table and the contexts' pmaps, the state machine of the chunk
 * it follows, the gm_mmu call of the micro-step on screen, and GMEM's objects.
 */
import { useState } from 'react';
import type { Changes, MicroStep, World } from '../../engine';
import { gmmuCallOf } from './gmCall';
import { chunkLabel, gmKeys, lptChanged, peerChunks } from './gmemModel';
import { GmemObjects } from './GmemObjects';
import { GmMappingDiagram } from './GmMappingDiagram';
import { GmmuCalls } from './GmmuCalls';
import { LogicalPageTable, type ChunkRef } from './LogicalPageTable';
import { takenEdge } from './transitions';
import './gmem.css';

export interface GmemPanelProps {
  world: World;
  changed: Changes | null;
  previous?: World | null;
  /**
   * The micro-step on screen (its function names the gm_mmu call); null at the start. Without
   * it (undefined) the gm_mmu call is not drawn.
   */
  microstep?: Pick<MicroStep, 'fn' | 'phase' | 'narration' | 'changed'> | null;
}

/** Every chunk of every logical page table, in order. */
function allChunks(world: World): ChunkRef[] {
  return Object.keys(world.gmem?.vmObjs ?? {}).flatMap((proc) =>
    peerChunks(world, proc).map((chunk) => ({ proc, chunk })),
  );
}

export function GmemPanel({ world, changed, previous = null, microstep }: GmemPanelProps) {
  const [picked, setPicked] = useState<ChunkRef | null>(null);
  const g = world.gmem;
  if (g === undefined) return null;
  const keys = gmKeys(changed);
  const chunks = allChunks(world);
  const has = (c: ChunkRef | null) =>
    c !== null && chunks.some((x) => x.proc === c.proc && x.chunk === c.chunk);
  // The reader's pick; else the chunk this micro-step changed; else the first with a mapping.
  const selected =
    (has(picked) ? picked : null) ??
    chunks.find((c) => lptChanged(keys, c.proc, c.chunk)) ??
    chunks.find((c) => g.vmObjs[c.proc]?.lpt[c.chunk] !== undefined) ??
    chunks[0] ??
    null;
  const mapping = selected ? g.vmObjs[selected.proc]?.lpt[selected.chunk] : undefined;
  const before = selected ? previous?.gmem?.vmObjs[selected.proc]?.lpt[selected.chunk] : undefined;
  const taken =
    selected && lptChanged(keys, selected.proc, selected.chunk)
      ? takenEdge(microstep ?? null, before, mapping)
      : null;
  return (
    <section className="gmem-panel" aria-label="GMEM (2023 RFC)" data-testid="gmem-panel">
      <details open>
        <summary>
          GMEM · logical page table, gm_mapping state, gm_mmu calls and objects
          {g.enabled ? '' : ' · booted gmem=off: every KPI fails'}
        </summary>
        <div className="gmem-panel__grid">
          <div className="gmem-panel__main">
            <LogicalPageTable
              world={world}
              changedKeys={keys}
              selected={selected}
              onSelect={setPicked}
            />
          </div>
          <div className="gmem-panel__flow">
            {/* Only where the micro-step is known: without it no call can be told apart. */}
            {microstep !== undefined ? <GmmuCalls call={gmmuCallOf(microstep, world)} /> : null}
            <GmMappingDiagram
              chunk={selected ? `${selected.proc} ${chunkLabel(selected.chunk)}` : null}
              mapping={mapping}
              taken={taken}
            />
          </div>
          <GmemObjects world={world} changedKeys={keys} />
        </div>
      </details>
    </section>
  );
}
