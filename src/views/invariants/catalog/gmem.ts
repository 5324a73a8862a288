/**
 * domain.md §3.8 — GMEM (INV-X1 … INV-X9). Seed 003 is one line, so its citations are
 * character offsets ('@14011–15300'). GMEM was an RFC (2023) and is not in mainline.
 */
import { fn, seed, type InvariantDocDraft } from './types';

const GMEM = 'mm/gmem.c';

export const GMEM_DOCS: readonly InvariantDocDraft[] = [
  {
    id: 'INV-X1',
    family: 'gmem',
    says: "In a gm_mapping (GMEM's record for one huge-page-sized chunk of virtual memory) exactly one of the type flags CPU, DEVICE and NOMAP is set; WILLNEED is independent of them.",
    when: 'always',
    why: 'The type says where the data of the chunk lives: in a host page mapped by the CPU, on a device, or nowhere yet. Two types at once would let the CPU and a device both believe they hold the data; none would lose it. gm_mapping_flags_set() replaces the type as a whole (it comes from another patch of the GMEM RFC, not in the seeds).',
    keptBy: [fn('gm_mapping_flags_set', 'include/linux/gmem.h'), fn('gm_dev_fault', GMEM)],
    seeds: [seed('003', '@14011–15300', 'gm_mapping_flags_set(gm_mapping, GM_PAGE_DEVICE);')],
  },
  {
    id: 'INV-X2',
    family: 'gmem',
    says: 'If a gm_mapping is DEVICE, gm_mapping.dev is the device holding the data, and the CPU has no mapping of that chunk (it was zapped before peer_map).',
    when: 'always',
    why: 'The data now lives in device memory, so a CPU mapping left on the old host page would read or write a stale copy. Zapping it makes the next CPU access fault into gm_host_fault_locked(), which uses dev to ask the right device for the data back.',
    keptBy: [fn('gm_dev_fault', GMEM)],
    seeds: [
      seed('003', '@14444', 'zap_page_range_single(vma, addr, size, NULL);'),
      seed('003', '@15241', 'gm_mapping->dev = dev;'),
    ],
  },
  {
    id: 'INV-X3',
    family: 'gmem',
    says: 'If a gm_mapping is CPU, gm_mapping.page is the host page the CPU maps (never NULL; a NULL page is corrected to NOMAP).',
    when: 'always',
    why: 'gm_dev_fault() copies the data to the device from this page. Without a page there is nothing to copy, so the state is corrected to "no data anywhere" (NOMAP) instead of following a NULL pointer.',
    keptBy: [fn('gm_dev_fault', GMEM)],
    seeds: [seed('003', '@14011–14400', 'host gm_mapping page is NULL. Set nomap')],
  },
  {
    id: 'INV-X4',
    family: 'gmem',
    says: 'Data moves only with copy = true: host to device in gm_dev_fault() (through peer_map), device to host in gm_host_fault_locked() (through peer_unmap).',
    when: 'always',
    why: 'A chunk with no data yet (NOMAP) needs no copy; a chunk with data must be copied exactly when it changes sides, or the new side would see old or empty data.',
    keptBy: [fn('gm_dev_fault', GMEM), fn('gm_host_fault_locked', GMEM)],
    seeds: [
      seed('003', '@14653', 'gmf.copy = true;'),
      seed('003', '@15452–16400', 'if (dev->mmu->peer_unmap(&gmf) != GM_RET_SUCCESS)'),
    ],
  },
  {
    id: 'INV-X5',
    family: 'gmem',
    says: 'gm_dev_fault() on a chunk that is already DEVICE, without the MARK_HOT hint, changes nothing and returns 0.',
    when: 'always',
    why: 'Data that is already on a device needs no work for a device fault, so it is not moved back and forth; MARK_HOT is the explicit request to map it on this device anyway.',
    keptBy: [fn('gm_dev_fault', GMEM)],
    seeds: [seed('003', '@14011–14300', 'if (hint == GM_FAULT_HINT_MARK_HOT) {')],
  },
  {
    id: 'INV-X6',
    family: 'gmem',
    says: 'gm_as_attach() allows the calling task to use every memory node in dev.registered_hnodes (they are added to its mems_allowed).',
    when: 'always',
    why: "The device's memory appears as NUMA nodes (hnodes), and a task can only allocate from nodes in its mems_allowed; without this the process attached to the device could not get pages in device memory.",
    keptBy: [fn('gm_as_attach', GMEM)],
    seeds: [seed('003', '@20004', 'node_set(nid, current->mems_allowed);')],
  },
  {
    id: 'INV-X7',
    family: 'gmem',
    says: 'A node id nid is in dev.registered_hnodes exactly when hnodes[nid].dev == dev; registering and unregistering device memory keep the two in sync.',
    when: 'always',
    why: 'Both record one fact, "this memory node belongs to this device". If they disagreed, attaching could allow nodes of the wrong device (INV-X6), or a node could outlive its device.',
    keptBy: [
      fn('hnode_init', GMEM),
      fn('hnode_deinit', GMEM),
      fn('gm_dev_register_physmem', GMEM),
      fn('gm_dev_unregister_physmem', GMEM),
    ],
    seeds: [seed('003', '@10217–10500', 'node_set(hnid, dev->registered_hnodes);')],
  },
  {
    id: 'INV-X8',
    family: 'gmem',
    says: "Every change of a gm_mapping's state happens with gm_mapping->lock and the mmap read lock held.",
    when: 'always',
    why: 'A device fault and a CPU fault on the same chunk can race; without the lock both could move the data at once, and the state would no longer say where the data is.',
    keptBy: [fn('gm_dev_fault', GMEM)],
    seeds: [seed('003', '@13314', 'mmap_read_lock(mm);'), seed('003', '@14011')],
  },
  {
    id: 'INV-X9',
    family: 'gmem',
    says: "A gm_context for an address space and a device exists only if the device's pmap_create() succeeded: after attach, ctx.pmap is not NULL.",
    when: 'always',
    why: "The context's pmap is the device page table for that address space; a context without one would make later device faults map into nothing. On failure gm_as_attach() frees the context and returns the error.",
    keptBy: [fn('gm_as_attach', GMEM)],
    seeds: [seed('003', '@19329', 'pmap_create(dev, &ctx->pmap);')],
  },
];
