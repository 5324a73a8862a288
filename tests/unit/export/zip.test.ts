import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { crc32, zipStore } from '../../../src/views/export/zip';

const enc = new TextEncoder();
const FILES = [
  { name: 'frame-001.png', data: Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]) },
  { name: 'captions.txt', data: enc.encode('step 1, micro-step 2: migrate_vma_collect\n') },
];
const DATE = new Date(2024, 4, 17, 13, 45, 58);

describe('crc32', () => {
  test('matches the standard check value and the empty input', () => {
    expect(crc32(enc.encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
  });
});

describe('zipStore', () => {
  const zip = zipStore(FILES.map((f) => ({ ...f, date: DATE })));
  const v = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);

  test('has local headers, a central directory and an end record with the right fields', () => {
    const end = zip.length - 22;
    expect(v.getUint32(end, true)).toBe(0x06054b50);
    expect(v.getUint16(end + 10, true)).toBe(2);
    const cdSize = v.getUint32(end + 12, true);
    const cdOffset = v.getUint32(end + 16, true);
    expect(cdOffset + cdSize).toBe(end);
    let at = cdOffset;
    for (const f of FILES) {
      expect(v.getUint32(at, true)).toBe(0x02014b50);
      expect(v.getUint16(at + 10, true)).toBe(0); // stored
      expect(v.getUint32(at + 16, true)).toBe(crc32(f.data));
      expect(v.getUint32(at + 20, true)).toBe(f.data.length);
      expect(v.getUint32(at + 24, true)).toBe(f.data.length);
      const nameLen = v.getUint16(at + 28, true);
      expect(new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLen))).toBe(f.name);
      const local = v.getUint32(at + 42, true);
      expect(v.getUint32(local, true)).toBe(0x04034b50);
      expect(v.getUint32(local + 14, true)).toBe(crc32(f.data));
      const dataAt = local + 30 + v.getUint16(local + 26, true) + v.getUint16(local + 28, true);
      expect([...zip.subarray(dataAt, dataAt + f.data.length)]).toEqual([...f.data]);
      at += 46 + nameLen;
    }
    // DOS date and time: 2024-05-17 13:45:58 (seconds / 2).
    expect(v.getUint16(12, true)).toBe(((2024 - 1980) << 9) | (5 << 5) | 17);
    expect(v.getUint16(10, true)).toBe((13 << 11) | (45 << 5) | 29);
  });

  test("Python's zipfile reads it back and its CRCs check", () => {
    const dir = mkdtempSync(join(tmpdir(), 'hmm-zip-'));
    const path = join(dir, 'two.zip');
    writeFileSync(path, zip);
    const out = execFileSync('python3', [
      '-c',
      'import sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\n' +
        'for i in z.infolist(): print(i.filename, i.file_size, i.compress_type, z.read(i).hex())',
      path,
    ]).toString();
    expect(out.trim().split('\n')).toEqual(
      FILES.map((f) => `${f.name} ${f.data.length} 0 ${Buffer.from(f.data).toString('hex')}`),
    );
  });
});
