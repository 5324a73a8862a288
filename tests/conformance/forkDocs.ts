/**
 * The fork selftests of tools/testing/selftests/mm/hmm-tests.c as scenario steps, shared by the
 * conformance tests and the machine ⇄ engine cross-check. The steps live once, in the scenario
 * library (selftest-hmm-hmm-cow-in-device.json, selftest-hmm-anon-write-child.json,
 * selftest-hmm-anon-write-child-shared.json: the device-private variant, device dev0); this file
 * puts them on another device. The parent is T, the child C; the child's own mirror is always
 * opened on device 0 ("hmm_open(0)"), whatever the variant.
 */
import type { ScenarioDoc } from '../../src/engine/trace';
import anonWriteChildJson from '../../src/scenarios/library/selftest-hmm-anon-write-child.json';
import anonWriteChildSharedJson from '../../src/scenarios/library/selftest-hmm-anon-write-child-shared.json';
import hmmCowInDeviceJson from '../../src/scenarios/library/selftest-hmm-hmm-cow-in-device.json';
import { type Memory, type S, renameDevices, stepsOf, validated, variantOf } from './selftest';

type Mem = Memory;
export interface ForkDoc {
  readonly devices: readonly { name: string; memory: Mem }[];
  readonly steps: S[];
}

/** The child's steps keep device 0. */
const inChild = (s: S) => s.proc === 'C';

/** A fork selftest of the library in a fixture variant (dev0 → dev2 for coherent memory). */
export function forkVariant(d: ScenarioDoc, memory: Mem): ScenarioDoc {
  return variantOf(d, memory, inChild);
}

/**
 * TEST_F(hmm, anon_write_child), migrate = 0: the library document (the migrate = 1 round)
 * without its HMM_DMIRROR_MIGRATE_TO_DEV step.
 */
export function withoutMigration(d: ScenarioDoc): ScenarioDoc {
  return validated({ ...d, steps: stepsOf(d).filter((s) => s.op !== 'dev.migrate') });
}

/** The library document on `device` (of memory `memory`), the child's mirror on dev0. */
function onDevice(raw: unknown, device: string, memory: Mem): ScenarioDoc {
  return renameDevices(validated(raw), { dev0: device }, memory, inChild);
}

function forkDoc(d: ScenarioDoc): ForkDoc {
  return {
    devices: d.machine.devices.map(({ name, memory }) => ({ name, memory })),
    steps: stepsOf(d),
  };
}

/**
 * TEST_F(hmm, hmm_cow_in_device): 4 pages, init i, MIGRATE_TO_DEV, fork (the child spins), the
 * parent writes i again (CoW), kills the child, SNAPSHOT. Steps 4 (migrate), 7 (exit),
 * 8 (snapshot).
 */
export function hmmCowInDevice(device: string, memory: Mem): ForkDoc {
  return forkDoc(onDevice(hmmCowInDeviceJson, device, memory));
}

/**
 * TEST_F(hmm, anon_write_child), non-THP half: init ptr = i; if migrate, MIGRATE_TO_DEV; fork.
 * Child: reads ptr (== i), opens device 0, device WRITE of -i, reads ptr (== -i), exits.
 * Parent: waits, reads ptr (== i). Steps: 4 migrate (if any), then fork, child read, open,
 * write, read, exit, parent read (the last 7 steps).
 */
export function anonWriteChild(device: string, memory: Mem, migrate: boolean): ForkDoc {
  const d = onDevice(anonWriteChildJson, device, memory);
  return forkDoc(migrate ? d : withoutMigration(d));
}

/**
 * TEST_F(hmm, anon_write_child_shared): MAP_SHARED|MAP_ANONYMOUS, init i, fork; the child reads
 * i, its device-0 mirror WRITEs -i, it reads -i and exits; the parent then reads -i (no CoW).
 */
export function anonWriteChildShared(device: string, memory: Mem): ForkDoc {
  return forkDoc(onDevice(anonWriteChildSharedJson, device, memory));
}
