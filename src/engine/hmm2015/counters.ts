/**
 * The counters of the dummy driver's ioctls (seed 000 L40-50, L602-629): `struct hmm_dummy_read`
 * and `hmm_dummy_write` return all four, `hmm_dummy_migrate` the two nfaulted ones. A step
 * result carries them under `dummy`, by their uapi names (docs/scenario-format.md).
 */
export interface DummyCounters {
  readonly nsys_pages: number;
  readonly nfaulted_sys_pages: number;
  readonly ndev_pages: number;
  readonly nfaulted_dev_pages: number;
}

export const NO_COUNTERS: DummyCounters = Object.freeze({
  nsys_pages: 0,
  nfaulted_sys_pages: 0,
  ndev_pages: 0,
  nfaulted_dev_pages: 0,
});

/** counters + delta, field by field. */
export function addCounters(a: DummyCounters, d: Partial<DummyCounters>): DummyCounters {
  return {
    nsys_pages: a.nsys_pages + (d.nsys_pages ?? 0),
    nfaulted_sys_pages: a.nfaulted_sys_pages + (d.nfaulted_sys_pages ?? 0),
    ndev_pages: a.ndev_pages + (d.ndev_pages ?? 0),
    nfaulted_dev_pages: a.nfaulted_dev_pages + (d.nfaulted_dev_pages ?? 0),
  };
}
