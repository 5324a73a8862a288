/** domain.md §3.7 — the 2015 HMM dummy driver of seed 000 (INV-D1 … INV-D5). */
import { fn, seed, type InvariantDocDraft } from './types';

const DUMMY = 'drivers/char/hmm_dummy.c';

export const DUMMY_DOCS: readonly InvariantDocDraft[] = [
  {
    id: 'INV-D1',
    family: 'dummy',
    says: "A fake device page's bitmap bit is set exactly when the page is referenced by one valid_dev device entry, or reserved in an in-flight event's dpfn[] (value ≠ −1).",
    when: 'always',
    why: "The bitmap is the allocator of fake device memory: a set bit with no owner leaks the page, and a clear bit for a page still in use lets it be handed out twice, so two users would overwrite each other's data. So every path that drops a device entry (invalidation, copy back to system memory) clears the bit, and reservations copy_to_device did not use are freed after the fault. (The rollback loop that skips index 0 is latent bug B13.)",
    keptBy: [
      fn('dummy_lmem_to_rmem', DUMMY),
      fn('dummy_copy_from_device', DUMMY),
      fn('dummy_mirror_pt_invalidate', DUMMY),
    ],
    seeds: [
      seed('000', '97', 'clear_bit(dpfn, ddevice->rmem_bitmap);'),
      seed('000', '162', 'clear_bit(dpfn, ddevice->rmem_bitmap);'),
      seed('000', '386–411', 'set_bit(idx, ddevice->rmem_bitmap);'),
    ],
  },
  {
    id: 'INV-D2',
    family: 'dummy',
    says: "After copy_to_device, the new device entry is writable exactly when the VMA has VM_WRITE, and the old entry's dirty bit is carried over.",
    when: 'after copy_to_device',
    why: "Write permission must follow the process's VMA, or the device could write where the process may not (INV-H3). Dropping the dirty bit would lose the fact that the data was changed.",
    keptBy: [fn('dummy_copy_to_device', DUMMY)],
    seeds: [seed('000', '257–260', 'if (vma->vm_flags & VM_WRITE)')],
  },
  {
    id: 'INV-D3',
    family: 'dummy',
    says: 'After copy_from_device, the device entry points to the system page, the fake device page is free again, and the dirty bit has moved to the system entry (dst[i]) and been cleared on the device entry.',
    when: 'after copy_from_device',
    why: 'Once the data is back in system memory the fake device page must be released (INV-D1), and the device must use the system page, or it would keep reading a stale copy. Moving the dirty bit keeps the "data changed" information with the copy that now holds the data.',
    keptBy: [fn('dummy_copy_from_device', DUMMY)],
    seeds: [seed('000', '159–175', '/* Directly free the fake device memory. */')],
  },
  {
    id: 'INV-D4',
    family: 'dummy',
    says: 'The READ/WRITE counters add up: nsys_pages + ndev_pages equals the number of pages actually copied, and nfaulted_dev_pages counts the pages moved to the device by MIGRATE_TO.',
    when: 'always',
    why: 'The counters are how the user-space test sees where the data came from; if they did not match the copies, a test could pass while reading from the wrong memory. (nfaulted_sys_pages of MIGRATE_TO is never filled: latent bug B13.)',
    keptBy: [fn('dummy_read', DUMMY), fn('dummy_write', DUMMY), fn('dummy_copy_to_device', DUMMY)],
    seeds: [
      seed('000', '302–316', 'devent->ndev_pages++;'),
      seed('000', '341–349', 'devent->nsys_pages++;'),
      seed('000', '249', 'devent->nfaulted_dev_pages++;'),
    ],
  },
  {
    id: 'INV-D5',
    family: 'dummy',
    says: 'WRITE never copies into a page whose device entry lacks write permission.',
    when: 'always',
    why: "The device entry's write bit mirrors the CPU's permission (INV-H3); writing through a read-only entry would bypass the process's protections and copy-on-write. The driver stops the access instead (dummy_mirror_access_stop).",
    keptBy: [fn('dummy_write', DUMMY)],
    seeds: [seed('000', '336–339', 'if (!hmm_pte_test_write(&dpte)) {')],
  },
];
