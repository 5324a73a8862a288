import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ALLOWED_LAYERS, checkFile, checkTree, importsOf, sourceFiles } from './layers';

const SRC = resolve(import.meta.dirname, '../../../src');

describe('imports flow app → views → machines → engine, never back', () => {
  test('no file under src/ breaks the layering', () => {
    expect(sourceFiles(SRC).length).toBeGreaterThan(10);
    expect(checkTree(SRC)).toEqual([]);
  });

  test('every folder of src/ is a known layer, so no file escapes the rules', () => {
    const folders = readdirSync(SRC).filter((n) => statSync(join(SRC, n)).isDirectory());
    expect(folders.filter((f) => !(f in ALLOWED_LAYERS))).toEqual([]);
    expect(folders).toEqual(expect.arrayContaining(['app', 'views', 'machines', 'store']));
  });

  // The checker itself must catch each kind of wrong turn, or the test above proves nothing.
  test.each([
    [
      'engine/model.ts',
      "import { useState } from 'react';",
      'engine must not import the package react',
    ],
    [
      'engine/ops/x.ts',
      "import { select } from 'd3-selection';",
      'engine must not import the package d3-selection',
    ],
    ['engine/x.ts', "import type { Stage } from '../views/Stage';", 'engine must not import views'],
    [
      'engine/x.ts',
      "import { createMachine } from 'xstate';",
      'engine must not import the package xstate',
    ],
    ['machines/m.ts', "export { App } from '../app/App';", 'machines must not import app'],
    ['machines/m.ts', "import { x } from '../store/uiStore';", 'machines must not import store'],
    ['views/V.tsx', "const m = await import('../app/App');", 'views must not import app'],
    ['store/s.ts', "import { Stage } from '../views/Stage';", 'store must not import views'],
    [
      'scenarios/s.ts',
      "import { m } from '../machines/playerMachine';",
      'scenarios must not import machines',
    ],
  ])('a file in %s doing `%s` is reported', (file, source, reason) => {
    const problems = checkFile(SRC, join(SRC, file), source);
    expect(problems.map((p) => p.reason)).toEqual([reason]);
  });

  test('allowed imports are not reported', () => {
    const ok = [
      "import { playerMachine } from '../machines/playerMachine';",
      "import type { ThemePreference } from '../store/slices/themeSlice';",
      "import { scaleBand } from 'd3-scale';",
    ].join('\n');
    expect(checkFile(SRC, join(SRC, 'views/V.tsx'), ok)).toEqual([]);
  });

  test('the import scanner sees static, type-only, re-export and dynamic imports', () => {
    const src = `import a from 'a';\nimport type { B } from "b";\nexport * from './c';\nconst d = import('d');\nimport 'e';`;
    expect(importsOf(src)).toEqual(['a', 'b', './c', 'd', 'e']);
  });
});
