/**
 * What a scenario with GMEM (seed 003) may ask for: `gm.*` ops, peer-shared mmaps and GMEM
 * devices need a kernel with CONFIG_GMEM (`machine.kernel.gmem`, on or off at boot) on today's
 * API (the RFC was posted against v6.6); `gm.*` ops name GMEM devices, HMM ops name HMM devices;
 * address spaces are created before they are used; registered memory lies in the device.
 */
import type { SupportedStep } from '../engine/steps';
import type { ScenarioDoc } from '../engine/trace';
import type { ScenarioError } from './load';

export function checkGmemDoc(doc: ScenarioDoc): ScenarioError[] {
  const errors: ScenarioError[] = [];
  const k = doc.machine.kernel;
  const hasGm = k?.gmem !== undefined;
  const gmDevs = new Map<string, number>();
  doc.machine.devices.forEach((d, i) => {
    if (d.driver === 'gmem') {
      gmDevs.set(d.name, d.pages);
      if (!hasGm)
        errors.push({
          path: `machine.devices[${i}].driver`,
          message: 'a GMEM device needs a kernel with CONFIG_GMEM: set machine.kernel.gmem',
        });
    } else if (d.mmu !== undefined) {
      errors.push({
        path: `machine.devices[${i}].mmu`,
        message: 'only a GMEM device (driver "gmem") has gm_mmu callbacks',
      });
    }
  });
  if (hasGm && (k?.api ?? 'today') !== 'today')
    errors.push({
      path: 'machine.kernel.gmem',
      message: "GMEM was posted in 2023 against v6.6: it goes with today's API only",
    });
  const ases = new Set<string>();
  const check = (s: SupportedStep, at: string) => {
    const gm = s.op.startsWith('gm.');
    if ((gm || (s.op === 'mmap' && s.peer === true)) && !hasGm)
      errors.push({
        path: `${at}.op`,
        message: `${s.op === 'mmap' ? 'MAP_PEER_SHARED' : s.op} needs a kernel with CONFIG_GMEM: set machine.kernel.gmem`,
      });
    if (
      'device' in s &&
      gm &&
      !gmDevs.has(s.device) &&
      doc.machine.devices.some((d) => d.name === s.device)
    )
      errors.push({
        path: `${at}.device`,
        message: `${s.device} is driven through HMM (test_hmm): give it "driver": "gmem" to use GMEM's KPI`,
      });
    if (!gm && (s.op === 'mirror.open' || s.op === 'dev.release') && gmDevs.has(s.device))
      errors.push({
        path: `${at}.device`,
        message: `${s.device} is driven through GMEM: it has no test_hmm mirror or ZONE_DEVICE memory`,
      });
    if ((s.op === 'gm.as-attach' || s.op === 'gm.as-destroy') && !ases.has(s.as))
      errors.push({
        path: `${at}.as`,
        message: `unknown address space "${s.as}" (no earlier gm.as-create)`,
      });
    if (s.op === 'gm.as-create') ases.add(s.as);
    if (s.op === 'gm.dev-register-physmem') {
      const pages = gmDevs.get(s.device);
      if (pages !== undefined && s.page + s.count > pages)
        errors.push({
          path: `${at}.count`,
          message: `${s.device} has ${pages} pages: the range ends past them`,
        });
    }
  };
  doc.steps.forEach((s0, i) => {
    const s = s0 as SupportedStep;
    if (s.op === 'race') s.threads.forEach((t, j) => check(t, `steps[${i}].threads[${j}]`));
    else check(s, `steps[${i}]`);
  });
  return errors;
}
