// Reporters (STYLE 12): plug-ins that observe a run and write only their own files into the output
// directory. One interface, one name → implementation map, one conformance test.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderNativeCsv } from './csv.js';
import { renderNativeHtml } from './html.js';
import { renderNativeMarkdown } from './markdown.js';
import { RESULT_FILES, type NativeResults } from '../schema/native-results.js';
import { writeFileAtomic, writeOrExplain } from '../fs/write-file.js';
import type { Reporter } from '../run/reporter.js';

const fileReporter = (id: string, file: string, render: (r: NativeResults) => string): Reporter => ({
  id,
  files: [file],
  onRunEnd: (results, outDir) => writeFileAtomic(join(outDir, file), render(results)),
});

/** Live item log: each finished item is appended as it ends (watch a long run), rewritten whole at the end. */
function itemsReporter(): Reporter {
  let outDir: string | undefined;
  return {
    id: 'items',
    files: [RESULT_FILES.items],
    onRunStart(info) {
      outDir = info.outDir;
      mkdirSync(outDir, { recursive: true });
      writeOrExplain(join(outDir, RESULT_FILES.items), () => writeFileSync(join(outDir!, RESULT_FILES.items), ''));
    },
    onItemEnd(item) {
      if (outDir)
        writeOrExplain(join(outDir, RESULT_FILES.items), () =>
          appendFileSync(join(outDir!, RESULT_FILES.items), JSON.stringify(item) + '\n'),
        );
    },
    onRunEnd: (results, dir) =>
      writeFileAtomic(
        join(dir, RESULT_FILES.items),
        [...results.items]
          .sort((a, b) => a.itemId.localeCompare(b.itemId))
          .map((i) => JSON.stringify(i))
          .join('\n') + '\n',
      ),
  };
}

export const REPORTERS: Record<string, Reporter> = {
  json: fileReporter('json', RESULT_FILES.json, (r) => JSON.stringify(r, null, 2) + '\n'),
  markdown: fileReporter('markdown', RESULT_FILES.markdown, renderNativeMarkdown),
  csv: fileReporter('csv', RESULT_FILES.csv, renderNativeCsv),
  html: fileReporter('html', RESULT_FILES.html, renderNativeHtml),
  items: itemsReporter(),
};

/** Renderings rebuilt by `report render`: everything except results.json itself. */
export const RENDERED_REPORTERS = ['markdown', 'csv', 'html', 'items'] as const;
