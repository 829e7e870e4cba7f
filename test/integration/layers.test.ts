import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The layer rules are only worth something if they fire: lint small snippets as if they lived in
 * each folder and check which imports are refused.
 */
const root = path.resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function refusals(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(root, file) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => m.ruleId ?? '');
}

describe('layer rules', () => {
  it('keeps Node and the core out of the renderer', async () => {
    expect(await refusals('renderer/src/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n")).toHaveLength(1);
    expect(await refusals('renderer/src/x.ts', "import { openCore } from '../../main/core';\nexport const a = openCore;\n")).toHaveLength(1);
    expect(await refusals('renderer/src/x.ts', "import { channels } from '../../shared/contract';\nexport const a = channels;\n")).toEqual([]);
  });

  it('keeps shared free of Node, hosts and the renderer', async () => {
    expect(await refusals('shared/x.ts', "import path from 'path';\nexport const a = path;\n")).toHaveLength(1);
    expect(await refusals('shared/x.ts', "import { App } from '../renderer/src/app/App';\nexport const a = App;\n")).toHaveLength(1);
  });

  it('keeps electron out of the core, the browser host and the CLI', async () => {
    for (const file of ['main/core/x.ts', 'main/web/x.ts', 'main/cli/x.ts', 'shared/x.ts']) {
      expect(await refusals(file, "import { app } from 'electron';\nexport const a = app;\n"), file).not.toEqual([]);
    }
    expect(await refusals('main/electron/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([]);
  });

  it('keeps the core from knowing its hosts', async () => {
    expect(await refusals('main/core/x.ts', "import { startWebHost } from '../web/server';\nexport const a = startWebHost;\n")).toHaveLength(1);
    expect(await refusals('main/core/x.ts', "import { runCli } from '../cli/program';\nexport const a = runCli;\n")).toHaveLength(1);
  });

  it('keeps the sandboxed preload free of Node', async () => {
    expect(await refusals('preload/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n")).toHaveLength(1);
  });
});
