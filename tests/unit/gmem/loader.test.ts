/**
 * GMEM scenarios in the loader (src/scenarios/load.ts + checkGmem.ts) and the link codec: the
 * library's S19 documents load, and each mistake is refused with its path and a clear message;
 * a GMEM document survives pack → unpack → validate.
 */
import { describe, expect, test } from 'vitest';
import type { ScenarioDoc } from '../../../src/engine/trace';
import bootOff from '../../../src/scenarios/library/s19-gmem-boot-off.json';
import endToEnd from '../../../src/scenarios/library/s19-gmem-end-to-end.json';
import hostFaultMask from '../../../src/scenarios/library/s19-gmem-host-fault-mask.json';
import peerMapFails from '../../../src/scenarios/library/s19-gmem-peer-map-fails.json';
import peerMapMigrating from '../../../src/scenarios/library/s19-gmem-peer-map-migrating.json';
import { formatError, validateScenario } from '../../../src/scenarios/load';
import { decodeLink, encodeLink } from '../../../src/url/codec';
import { packScenario, unpackScenario } from '../../../src/url/compact';

type Raw = Record<string, unknown> & {
  machine: Record<string, unknown> & { devices: Record<string, unknown>[] };
  steps: Record<string, unknown>[];
};

/** A fresh copy of the end-to-end scenario, to break. */
const base = (): Raw => JSON.parse(JSON.stringify(endToEnd)) as Raw;

function errors(doc: unknown): string[] {
  const r = validateScenario(doc);
  return r.ok ? [] : r.errors.map(formatError);
}

const hmmDevice = { name: 'dev0', memory: 'private', pages: 8 };

describe('GMEM scenarios in the loader', () => {
  test.each([
    ['boot-off', bootOff],
    ['end-to-end', endToEnd],
    ['host-fault-mask', hostFaultMask],
    ['peer-map-fails', peerMapFails],
    ['peer-map-migrating', peerMapMigrating],
  ])('the library scenario s19-gmem-%s loads', (_, raw) => {
    expect(errors(raw)).toEqual([]);
  });

  test('gm ops and peer mmaps need machine.kernel.gmem', () => {
    const d = base();
    d.machine = { ...d.machine, kernel: undefined };
    delete d.machine.kernel;
    const e = errors(d);
    expect(e).toContain(
      'machine.devices[0].driver: a GMEM device needs a kernel with CONFIG_GMEM: set machine.kernel.gmem',
    );
    expect(e).toContain(
      'steps[1].op: MAP_PEER_SHARED needs a kernel with CONFIG_GMEM: set machine.kernel.gmem',
    );
    expect(e).toContain(
      'steps[2].op: gm.dev-create needs a kernel with CONFIG_GMEM: set machine.kernel.gmem',
    );
  });

  test('a gm op on an HMM device, mirror.open on a GMEM device', () => {
    const d = base();
    d.machine.devices.push(hmmDevice);
    d.steps.push({ op: 'gm.dev-fault', proc: 'P1', device: 'dev0', page: 0 });
    d.steps.push({ op: 'mirror.open', proc: 'P1', device: 'npu0', as: 'm0' });
    expect(errors(d)).toEqual([
      'steps[11].device: dev0 is driven through HMM (test_hmm): give it "driver": "gmem" to use GMEM\'s KPI',
      'steps[12].device: npu0 is driven through GMEM: it has no test_hmm mirror or ZONE_DEVICE memory',
    ]);
  });

  test('gm.as-attach on an unknown address space (or one created later)', () => {
    const d = base();
    d.steps[5] = { ...d.steps[5], as: 'as9' };
    expect(errors(d)).toEqual([
      'steps[5].as: unknown address space "as9" (no earlier gm.as-create)',
    ]);
    const late = base();
    const [create] = late.steps.splice(4, 1);
    late.steps.push(create ?? {});
    expect(errors(late)).toEqual([
      'steps[4].as: unknown address space "as0" (no earlier gm.as-create)',
    ]);
  });

  test('register-physmem past the device pages', () => {
    const d = base();
    d.steps[3] = { op: 'gm.dev-register-physmem', device: 'npu0', page: 4, count: 5 };
    expect(errors(d)).toEqual(['steps[3].count: npu0 has 8 pages: the range ends past them']);
    d.steps[3] = { op: 'gm.dev-register-physmem', device: 'npu0', page: 4, count: 4 };
    expect(errors(d)).toEqual([]);
  });

  test('mmu callbacks on an HMM device', () => {
    const d = base();
    d.machine.devices.push({ ...hmmDevice, mmu: { peer_map: 'GM_RET_NOMEM' } });
    expect(errors(d)).toEqual([
      'machine.devices[1].mmu: only a GMEM device (driver "gmem") has gm_mmu callbacks',
    ]);
  });

  test('GMEM with the 2015 API', () => {
    const d = base();
    d.machine.kernel = { gmem: true, api: '2015' };
    expect(errors(d)).toContain(
      "machine.kernel.gmem: GMEM was posted in 2023 against v6.6: it goes with today's API only",
    );
  });

  test('bad GM_RET names and a bad mode', () => {
    const rets =
      'expected one of GM_RET_SUCCESS, GM_RET_NOMEM, GM_RET_PAGE_EXIST, GM_RET_MIGRATING, GM_RET_FAILURE_UNKNOWN';
    const d = base();
    d.steps.push({ op: 'gm.mmu', device: 'npu0', peer_map: 'GM_RET_OOPS' });
    d.steps[5] = { ...d.steps[5], mode: 'MIRROR' };
    expect(errors(d)).toEqual([
      'steps[5].mode: expected one of SHARE, COHERENT_EXCLUSIVE, REPLICATE',
      `steps[11].peer_map: ${rets}`,
    ]);
    const m = base();
    m.machine.devices[0] = { ...m.machine.devices[0], mmu: { pmap_create: 'SUCCESS' } };
    expect(errors(m)).toEqual([`machine.devices[0].mmu.pmap_create: ${rets}`]);
  });
});

describe('GMEM scenarios in links', () => {
  /** A document with everything GMEM adds: driver, mmu, peer mmap, every gm op's fields. */
  const doc = ((): ScenarioDoc => {
    const d = base();
    delete d.about;
    d.machine.devices[0] = { ...d.machine.devices[0], mmu: { peer_unmap: 'GM_RET_NOMEM' } };
    d.machine.devices.push(hmmDevice);
    d.steps.push(
      { op: 'gm.mmu', device: 'npu0', peer_map: 'GM_RET_MIGRATING', pmap_create: 'GM_RET_NOMEM' },
      { op: 'gm.as-attach', as: 'as0', device: 'npu0', proc: 'P1', mode: 'SHARE', activate: false },
      { op: 'gm.as-destroy', as: 'as0' },
      { op: 'gm.dev-destroy', device: 'npu0' },
    );
    const r = validateScenario(d);
    if (!r.ok) throw new Error(r.errors.map(formatError).join('\n'));
    return r.doc;
  })();

  test('pack → unpack → validate gives the same document', () => {
    const packed = JSON.parse(JSON.stringify(packScenario(doc))) as Record<string, unknown>;
    const r = validateScenario(unpackScenario(packed));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.doc).toEqual(doc);
    expect(r.doc.machine.devices[0]).toMatchObject({
      driver: 'gmem',
      mmu: { peer_unmap: 'GM_RET_NOMEM' },
    });
    expect(r.doc.machine.devices[1]).toEqual(hmmDevice);
    expect(r.doc.steps[1]).toMatchObject({ op: 'mmap', peer: true });
    expect(r.doc.machine.kernel).toEqual({ gmem: true });
  });

  test('a link round-trips it', () => {
    const r = decodeLink(encodeLink({ scenario: doc }));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.payload.scenario).toEqual(doc);
  });
});
