// report.html in a real headless Chromium (SPEC 3.6): it renders with no console errors and no
// network, the charts are there, a filter narrows the item table, and a click opens the drill-down.
// Skips only on a laptop without Chromium; in CI (or with WAVE_BENCH_REQUIRE_BROWSER) it must run.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { cli, repo } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const CHROMIUM = '/usr/bin/chromium';
/** Screenshots for people reviewing the report (git-ignored; CI can upload the folder). */
const SHOTS = join(repo, 'test-output', 'screenshots');
const BROWSER_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const required = Boolean(process.env.CI || process.env.WAVE_BENCH_REQUIRE_BROWSER);
const available = existsSync(CHROMIUM);

describe('report.html in Chromium', () => {
  it('Chromium is present when the browser test is required', () => {
    if (required) expect(available, `${CHROMIUM} missing: run scripts/ensure-chromium.sh`).toBe(true);
    else if (!available) console.warn('Chromium not installed: the HTML report browser test is skipped on this machine');
  });

  it.runIf(available)(
    'renders cleanly, filters items and opens a drill-down in two clicks',
    async () => {
      const out = join(tempDir(), 'run');
      // Three cases under every base arm are enough to exercise the charts, filters and drill-down (the
      // whole suite is run by the suite and baseline tests already).
      expect(
        (
          await cli([
            'run',
            '--out',
            out,
            '--case',
            'wave-contradiction-conflict',
            '--case',
            'wave-silo-cross-agent-state',
            '--case',
            'wave-solo-task-overhead',
          ])
        ).exitCode,
      ).toBe(0);
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: BROWSER_ARGS });
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        const errors: string[] = [];
        const requests: string[] = [];
        page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
        page.on('pageerror', (e) => errors.push(e.message));
        page.on('request', (r) => !r.url().startsWith('file:') && requests.push(r.url()));
        await page.goto(`file://${join(out, 'report.html')}`);
        expect(await page.locator('svg').count()).toBeGreaterThanOrEqual(2);
        expect(await page.locator('#items-body tr').count()).toBe(12); // 3 cases × 4 base arms
        await page.selectOption('#f-arm', 'full-wave');
        expect(await page.locator('#items-body tr').count()).toBe(3);
        await page.locator('#items-body tr', { hasText: 'wave-contradiction-conflict' }).click();
        await expect.poll(() => page.locator('#detail').isVisible()).toBe(true);
        const detail = await page.locator('#detail').innerText();
        expect(detail).toContain('wave-contradiction-conflict::full-wave::1');
        expect(detail).toContain('Gate snapshot');
        expect(detail).toContain('cont-qa');
        await page.selectOption('#f-arm', 'single-agent');
        await page.selectOption('#f-outcome', 'passed');
        expect(await page.locator('#items-body tr').count()).toBe(1); // only the overhead case, where nobody else knows anything
        mkdirSync(SHOTS, { recursive: true });
        await page.screenshot({ path: join(SHOTS, 'report.png'), fullPage: true });
        expect(errors).toEqual([]);
        expect(requests).toEqual([]);
      } finally {
        await browser.close();
      }
    },
    120_000,
  ); // a three-case run and the browser: ~20 s at load 15 on 2 cores
  it.runIf(available)(
    'an ablation run: a failed item says why it failed, the chart keeps labels clear of whiskers, and both are captured',
    async () => {
      const out = join(tempDir(), 'ablations');
      const run = await cli([
        'run',
        '--out',
        out,
        '--arm',
        'full-wave',
        '--ablations',
        '--case',
        'wave-contradiction-conflict',
        '--case',
        'wave-premature-closure-guard',
        '--case',
        'wave-overdue-ack-reroute',
      ]);
      expect(run.exitCode, run.stderr).toBe(0);
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: BROWSER_ARGS });
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
        await page.goto(`file://${join(out, 'report.html')}`);
        mkdirSync(SHOTS, { recursive: true });

        // The arm chart: every value label starts right of its bar and of its CI whisker; a 0 bar is still drawn.
        const chart = page.locator('figure').first();
        const geometry = await chart.evaluate((figure) => {
          const svg = figure.querySelector('svg')!;
          const rects = [...svg.querySelectorAll('rect')];
          return rects.map((rect) => {
            const y = Number(rect.getAttribute('y'));
            const whiskerEnds = [...svg.querySelectorAll('line')]
              .filter((l) => Number(l.getAttribute('y1')) === y + 9 && l.getAttribute('y1') === l.getAttribute('y2'))
              .map((l) => Math.max(Number(l.getAttribute('x1')), Number(l.getAttribute('x2'))));
            const label = [...svg.querySelectorAll('text')].find(
              (t) => Number(t.getAttribute('y')) === y + 13 && t.getAttribute('text-anchor') !== 'end',
            )!;
            return {
              width: Number(rect.getAttribute('width')),
              barEnd: Number(rect.getAttribute('x')) + Number(rect.getAttribute('width')),
              whiskerEnd: Math.max(0, ...whiskerEnds),
              labelX: Number(label.getAttribute('x')),
              label: label.textContent,
            };
          });
        });
        expect(geometry.length).toBe(10); // full-wave and its nine ablations
        expect(geometry.some((g) => g.label!.startsWith('0.0'))).toBe(true); // full-wave--no-gates fails every case
        for (const g of geometry) {
          expect(g.width, `bar ${g.label}`).toBeGreaterThanOrEqual(3);
          expect(g.labelX, `label ${g.label}`).toBeGreaterThan(Math.max(g.barEnd, g.whiskerEnd));
        }
        await chart.screenshot({ path: join(SHOTS, 'ablation-chart.png') });

        // A failed item's drill-down says why, in the terms the table uses, and can be closed.
        await page.selectOption('#f-arm', 'full-wave--no-gates');
        await page.selectOption('#f-outcome', 'failed');
        const row = page.locator('#items-body tr', { hasText: 'wave-premature-closure-guard' });
        await expect.poll(() => row.count()).toBe(1);
        await expect.poll(() => row.innerText()).toMatch(/↓/); // premature-convergence-rate: lower is better
        await row.click();
        await expect.poll(() => page.locator('#detail').isVisible()).toBe(true);
        const why = await page.locator('#detail .why').innerText();
        expect(why).toMatch(/^Failed: premature-convergence-rate = \d+ \(↓ lower is better; aligned \d+ < threshold \d+\)/);
        const detail = await page.locator('#detail').innerText();
        expect(detail).not.toContain('measuredAt');
        expect(detail).not.toMatch(/\{\s*"/); // response metrics are a table, not raw JSON
        expect(detail).toMatch(/overdue ack count\s+\d+/);
        await page.locator('#detail').screenshot({ path: join(SHOTS, 'failed-item-drill-down.png') });
        await page.locator('#detail-close').click();
        await expect.poll(() => page.locator('#detail').isVisible()).toBe(false);
        expect(errors).toEqual([]);
      } finally {
        await browser.close();
      }
    },
    180_000,
  );
});
