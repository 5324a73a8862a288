/**
 * What a scenario on the 2015 API (`machine.kernel.api: "2015"`, seed 000) may ask for: the
 * dummy driver's fake device memory is neither device-private nor coherent ZONE_DEVICE memory
 * (it predates both), the eras and fixes of later kernels do not apply, and the ops the 2015
 * design did not have are refused with the reason.
 */
import { OPS_NOT_IN_2015 } from '../engine/hmm2015/dispatch';
import type { ScenarioDoc } from '../engine/trace';
import type { ScenarioError } from './load';

export function check2015(doc: ScenarioDoc): ScenarioError[] {
  const k = doc.machine.kernel;
  if (k?.api !== '2015') return [];
  const errors: ScenarioError[] = [];
  const later = (what: string) =>
    `${what} belongs to ZONE_DEVICE kernels (2017 on): not on the 2015 API`;
  if (k.era !== undefined) errors.push({ path: 'machine.kernel.era', message: later('an era') });
  if (k.fixes !== undefined && Object.keys(k.fixes).length > 0)
    errors.push({ path: 'machine.kernel.fixes', message: later('a fix toggle') });
  if (k.coherentLongtermPinPolicy !== undefined)
    errors.push({
      path: 'machine.kernel.coherentLongtermPinPolicy',
      message: later('a pinning policy'),
    });
  doc.machine.devices.forEach((d, i) => {
    if (d.memory !== 'private')
      errors.push({
        path: `machine.devices[${i}].memory`,
        message:
          'the 2015 dummy driver has fake device memory only (system pages it pretends the CPU cannot reach): use "private"',
      });
  });
  doc.steps.forEach((s, i) => {
    if (OPS_NOT_IN_2015.includes(s.op))
      errors.push({
        path: `steps[${i}].op`,
        message: `${s.op} is not part of the 2015 HMM API (seed 000's dummy driver has EXPOSE_MM, READ, WRITE and MIGRATE_TO)`,
      });
  });
  return errors;
}
