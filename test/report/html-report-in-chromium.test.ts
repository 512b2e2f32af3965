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
const required = Boolean(process.env.CI || process.env.WAVE_BENCH_REQUIRE_BROWSER);
const available = existsSync(CHROMIUM);

describe('report.html in Chromium', () => {
  it('Chromium is present when the browser test is required', () => {
    if (required) expect(available, `${CHROMIUM} missing: run scripts/ensure-chromium.sh`).toBe(true);
    else if (!available) console.warn('Chromium not installed: the HTML report browser test is skipped on this machine');
  });

  it.runIf(available)('renders cleanly, filters items and opens a drill-down in two clicks', async () => {
    const out = join(tempDir(), 'run');
    expect((await cli(['run', '--out', out])).exitCode).toBe(0);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('request', (r) => !r.url().startsWith('file:') && requests.push(r.url()));
      await page.goto(`file://${join(out, 'report.html')}`);
      expect(await page.locator('svg').count()).toBeGreaterThanOrEqual(2);
      expect(await page.locator('#items-body tr').count()).toBe(48);
      await page.selectOption('#f-arm', 'full-wave');
      expect(await page.locator('#items-body tr').count()).toBe(12);
      await page.locator('#items-body tr', { hasText: 'wave-contradiction-conflict' }).click();
      await expect.poll(() => page.locator('#detail').isVisible()).toBe(true);
      const detail = await page.locator('#detail').innerText();
      expect(detail).toContain('wave-contradiction-conflict::full-wave::1');
      expect(detail).toContain('Gate snapshot');
      expect(detail).toContain('cont-qa');
      await page.selectOption('#f-arm', 'single-agent');
      await page.selectOption('#f-outcome', 'passed');
      expect(await page.locator('#items-body tr').count()).toBe(1); // only the overhead case, where nobody else knows anything
      const shots = join(repo, 'test-output');
      mkdirSync(shots, { recursive: true });
      await page.screenshot({ path: join(shots, 'report.png'), fullPage: true });
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
