/**
 * The initial world of a machine: all system RAM free, the zero page, and every device with one
 * registered chunk whose pages are all on the driver's free list — what loading test_hmm does
 * (hmm_dmirror_init → dmirror_device_init → dmirror_allocate_chunk(mdevice, NULL)).
 */
import { DEFAULT_CONFIG, type EngineConfig, kernelConfig } from './config';
import { dmirrorAllocateChunk } from './driver/dmirrorDevmem';
import { dummyDeviceInit } from './hmm2015/dummyDevice';
import { Tx } from './tx';
import { gmemBoot } from './gmem/boot';
import type { World } from './types';
import { type MachineSpec, createEmptyWorld } from './world';

/** `config` gives the tuning knobs; the scenario's `machine.kernel` picks era and fixes. */
export function createWorld(spec: MachineSpec, config: EngineConfig = DEFAULT_CONFIG): World {
  const tx = new Tx(createEmptyWorld(spec, kernelConfig(spec.kernel, config)));
  // The 2015 dummy driver has no ZONE_DEVICE chunk: fake device memory and a bitmap (seed 000).
  const init = tx.config.api === '2015' ? dummyDeviceInit : dmirrorAllocateChunk;
  // A GMEM device has no ZONE_DEVICE chunk: its driver registers memory with GMEM instead.
  for (const name of tx.deviceNames) if (tx.device(name).driver !== 'gmem') init(tx, name);
  const w = tx.world();
  // CONFIG_GMEM: gmem_init() ran at boot; `gmem=on` enabled the gmem_status key (gmem/boot.ts).
  return spec.kernel?.gmem === undefined ? w : { ...w, gmem: gmemBoot(spec.kernel.gmem) };
}
