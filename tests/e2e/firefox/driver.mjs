// Runs the editor scenario (findings shown, the card at the word, apply, undo) in Firefox ESR with the
// unpacked extension, over WebDriver BiDi (puppeteer-core; Firefox's Remote Agent, no geckodriver).
// Input: one JSON argument {firefox, extensionDir, geckoId, pagesUrl, draft, editors: [{name, path, selector}]}.
// Output: one JSON line per editor on stdout: {name, ok, step, error, ...what was seen}.
import puppeteer from 'puppeteer-core';

const config = JSON.parse(process.argv[2]);
const OVERLAY = 'klarsvar-overlay';
const SETTLED = `${OVERLAY}[data-state="ready"][data-stage="full"]:not([data-pending])`;
const UUID = '5e1c0a7e-0000-4000-8000-00000000c0de'; // a fixed moz-extension:// host for this profile

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The editor's own model text as the agent sees it (nbsp as space, no zero-width fillers). */
async function modelText(page) {
  return page.evaluate(() => window.getEditorText().replace(/[\u200b\ufeff\u2060]/g, '').replace(/\u00a0/g, ' '));
}

/** One editor: type the draft, wait for the full check, open a finding's card from its mark, apply, undo. */
async function runEditor(page, editor) {
  const seen = { name: editor.name, ok: false, step: 'load' };
  const errors = [];
  const onError = (err) => {
    const message = String(err && err.message ? err.message : err);
    // Firefox reports its own cookie warnings as page errors (Froala's unlicensed banner sets a cookie on 127.0.0.1).
    if (!/^Cookie “[^”]*” has been rejected/.test(message)) errors.push(message);
  };
  page.on('pageerror', onError);
  try {
    await page.goto(`${config.pagesUrl}/${editor.path}`, { waitUntil: 'domcontentloaded', timeout: 20000 });
    await page.waitForFunction('window.editorReady === true', { timeout: 15000 });
    seen.step = 'type';
    await page.click(editor.selector);
    await page.keyboard.type(config.draft);
    seen.step = 'check';
    await page.waitForSelector(SETTLED, { timeout: 20000 });
    seen.typed = await modelText(page);
    seen.kind = await page.$eval(OVERLAY, (host) => host.getAttribute('data-editor-kind'));
    const finding = await page.$eval(OVERLAY, (host) => {
      const root = host.shadowRoot;
      const item = root.querySelector('li[data-finding-id][data-category="internal_language"]:has([data-action="apply"])')
        || root.querySelector('li[data-finding-id]:has([data-action="apply"])');
      if (!item) return null;
      return { id: item.getAttribute('data-finding-id'), start: Number(item.getAttribute('data-start')),
        end: Number(item.getAttribute('data-end')), replacement: item.querySelector('[data-action="apply"]').textContent,
        findings: root.querySelectorAll('li[data-finding-id]').length, marks: root.querySelectorAll('[data-mark-id]').length };
    });
    if (!finding) throw new Error('no finding with a replacement was listed');
    Object.assign(seen, { findings: finding.findings, marks: finding.marks, finding: finding.id });
    await sleep(1100); // editors group edits within ~1 s into one undo step: keep typing and the apply apart
    seen.step = 'card';
    await page.click(`${OVERLAY} >>> [data-mark-id="${finding.id}"]`);
    await page.waitForSelector(`${OVERLAY} >>> [data-card][data-finding-id="${finding.id}"]`, { visible: true, timeout: 5000 });
    seen.step = 'apply';
    await page.click(`${OVERLAY} >>> [data-card] [data-action="apply"]`);
    await page.waitForFunction((sel) => {
      const host = document.querySelector(sel);
      return host && host.getAttribute('data-last-apply');
    }, { timeout: 5000 }, OVERLAY);
    seen.lastApply = await page.$eval(OVERLAY, (host) => host.getAttribute('data-last-apply'));
    seen.applied = await modelText(page);
    seen.expected = seen.typed.slice(0, finding.start) + finding.replacement + seen.typed.slice(finding.end);
    if (seen.lastApply !== 'applied' || seen.applied !== seen.expected) throw new Error('the apply did not land in the model');
    seen.step = 'undo';
    await sleep(300);
    await page.keyboard.down('Control');
    await page.keyboard.press('z');
    await page.keyboard.up('Control');
    try {
      await page.waitForFunction((want) => window.getEditorText().replace(/[\u200b\ufeff\u2060]/g, '').replace(/\u00a0/g, ' ') === want,
        { timeout: 3000 }, seen.typed);
    } finally {
      seen.undone = await modelText(page);
    }
    // Keyboard: focus reaches a mark, its card opens; Enter moves into the card, Enter applies.
    seen.step = 'keyboard';
    await page.waitForSelector(SETTLED, { timeout: 20000 });
    const keyed = await page.$eval(OVERLAY, (host) => {
      const item = host.shadowRoot.querySelector('li[data-finding-id]:has([data-action="apply"])');
      return item && item.getAttribute('data-finding-id');
    });
    if (!keyed) throw new Error('no finding with a replacement after undo');
    await page.$eval(OVERLAY, (host) => host.removeAttribute('data-last-apply'));
    await page.focus(`${OVERLAY} >>> [data-mark-id="${keyed}"]`);
    await page.waitForSelector(`${OVERLAY} >>> [data-card][data-finding-id="${keyed}"]`, { visible: true, timeout: 5000 });
    await page.keyboard.press('Enter');
    seen.keyboardFocus = await page.$eval(OVERLAY, (host) => host.shadowRoot.activeElement && host.shadowRoot.activeElement.getAttribute('data-action'));
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${OVERLAY}[data-last-apply]`, { timeout: 5000 });
    seen.keyboardApply = await page.$eval(OVERLAY, (host) => host.getAttribute('data-last-apply'));
    seen.keyboardText = await modelText(page);
    seen.step = 'done';
    seen.ok = errors.length === 0;
    if (errors.length) seen.error = `page errors: ${errors.join(' | ')}`;
  } catch (err) {
    seen.error = String(err && err.message ? err.message : err);
  } finally {
    page.off('pageerror', onError);
  }
  return seen;
}

const browser = await puppeteer.launch({
  browser: 'firefox',
  executablePath: config.firefox,
  headless: true,
  protocolTimeout: 60000, // fail within the pytest timeout, not after Puppeteer's 180 s default
  extraPrefsFirefox: {
    'extensions.webextensions.uuids': JSON.stringify({ [config.geckoId]: UUID }),
    'extensions.originControls.grantByDefault': true, // MV3 host permissions granted at install
    'intl.locale.requested': 'da',
  },
});
try {
  await browser.installExtension(config.extensionDir);
  // A page of our own: the first-install options tab the extension opens must not race the first goto.
  await sleep(500);
  const page = await browser.newPage();
  for (const editor of config.editors) {
    process.stdout.write(`${JSON.stringify(await runEditor(page, editor))}\n`);
  }
} finally {
  await browser.close();
}
