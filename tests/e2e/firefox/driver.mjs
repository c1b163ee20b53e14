// Runs the extension's end-to-end scenarios in Firefox ESR with the unpacked extension, over WebDriver
// BiDi (puppeteer-core; Firefox's Remote Agent, no geckodriver): the same acceptance list as in Chromium.
//
// Extension pages (options, popup) are driven like any page: Firefox 153+ lets the Remote Agent navigate
// to moz-extension:// URLs only with `--remote-allow-system-access`, and the fixed UUID (the
// `extensions.webextensions.uuids` pref) makes those URLs known in advance. The options page, kept open
// in a tab of its own, is the driver's "control" page: from it the driver writes settings
// (`storage.local`, what the options page saves), finds the editor tab's id (`tabs.query`; the host
// permission for 127.0.0.1 shows its URL) and reaches the background page.
//
// Input: one JSON argument {firefox, extensionDir, geckoId, pagesUrl, draft, server: {url, token}, teamServer: {url},
//   editors: [{name, path, selector, iframe?, kind, rewrite?}], scenarios: [names], shotsDir}.
// Output: one JSON line per editor or scenario on stdout: {name, ok, step, error, ...what was seen}.
import fs from 'node:fs';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

const config = JSON.parse(process.argv[2]);
const OVERLAY = 'klarsvar-overlay';
const SETTLED = `${OVERLAY}[data-state="ready"][data-stage="full"]:not([data-pending])`;
const CARD = `${OVERLAY} >>> [data-card][data-finding-id]`;
const UUID = '5e1c0a7e-0000-4000-8000-00000000c0de'; // a fixed moz-extension:// host for this profile
const EXTENSION = `moz-extension://${UUID}`;

// Firefox's Remote Agent sometimes rejects a call Puppeteer makes on its own (not awaited by this driver) into an
// extension page that is still loading: "Not allowed to define cross-origin object as property on … XrayWrapper".
// That stray rejection must not kill the whole run (every later scenario was reported missing); each scenario
// still checks what it saw. Any other unhandled rejection ends the run as before.
process.on('unhandledRejection', (err) => {
  const message = String(err && err.message ? err.message : err);
  if (/Not allowed to define cross-origin object/.test(message)) {
    process.stderr.write(`ignored a stray Remote Agent rejection: ${message.split('\n')[0]}\n`);
    return;
  }
  process.stderr.write(`${err && err.stack ? err.stack : message}\n`);
  process.exit(1);
});

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const clean = (text) => text.replace(/[\u200b\ufeff\u2060]/g, '').replace(/\u00a0/g, ' ');

/** The editor's own model text as the agent sees it (nbsp as space, no zero-width fillers). */
async function modelText(page) {
  return clean(await page.evaluate(() => window.getEditorText()));
}

/** Wait until the editor's own model holds `want`. */
async function waitModelText(page, want, timeout = 3000) {
  await page.waitForFunction((text) => window.getEditorText().replace(/[\u200b\ufeff\u2060]/g, '').replace(/\u00a0/g, ' ') === text,
    { timeout }, want);
}

/** Ctrl+Z, as the agent presses it. */
async function undo(page) {
  await page.keyboard.down('Control');
  await page.keyboard.press('z');
  await page.keyboard.up('Control');
}

/**
 * Navigate `page` to an extension page and wait until its document is complete. Puppeteer never sees
 * the load event of a moz-extension:// page over BiDi (puppeteer issue 14314), so the navigation is not
 * awaited; the page's own location and readyState are.
 */
async function openExtensionPage(page, url, timeout = 15000) {
  page.goto(url, { timeout }).catch(() => {}); // settles late or never; the loop below decides
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    const here = await page.evaluate(() => [location.href, document.readyState]).catch(() => null);
    if (here && here[0] === url && here[1] === 'complete') return;
    await sleep(100);
  }
  throw new Error(`${url} did not load within ${timeout} ms`);
}

/** Firefox with the extension installed and paired with the test server; `scheme` is the page colour scheme. */
async function start(scheme = 'light') {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: config.firefox,
    headless: true,
    protocolTimeout: 60000, // fail within the pytest timeout, not after Puppeteer's 180 s default
    // Firefox 153+: without it the Remote Agent refuses to navigate to moz-extension:// pages.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [config.geckoId]: UUID }),
      'extensions.originControls.grantByDefault': true, // MV3 host permissions granted at install
      'intl.locale.requested': 'da',
      // prefers-color-scheme for pages: 0 dark, 1 light (Puppeteer's media emulation needs CDP, which Firefox dropped).
      'layout.css.prefers-color-scheme.content-override': scheme === 'dark' ? 0 : 1,
    },
  });
  await browser.installExtension(config.extensionDir);
  await sleep(500); // the first-install options tab opens; let it, before our own pages start
  const control = await browser.newPage();
  await openExtensionPage(control, `${EXTENSION}/options/options.html`);
  const session = { browser, control, page: null };
  await pair(session);
  session.page = await browser.newPage();
  await session.page.setViewport({ width: 1280, height: 800 });
  return session;
}

/** Point the extension at the test server with its token and default settings (what the options page saves). */
async function pair({ control }) {
  await control.evaluate((s) => browser.storage.local.set(s), {
    serverUrl: config.server.url, token: config.server.token, sites: {}, disabledRules: [], disabledCategories: [],
    minSeverity: 'suggestion', pausedUntil: 0, allowList: false,
  });
}

/** The browser's id for the tab showing the test pages. */
async function editorTabId({ control }) {
  return control.evaluate(async (prefix) => {
    const tab = (await browser.tabs.query({})).find((t) => t.url && t.url.startsWith(prefix));
    return tab ? tab.id : null;
  }, config.pagesUrl);
}

/**
 * What pressing a manifest `commands` shortcut does: the background's own handler for `commands.onCommand`.
 * WebDriver BiDi delivers keys to the page, not to the browser's shortcut handling, so a real shortcut
 * cannot be pressed from here; the handler and everything after it (tabs.sendMessage to the frames, the
 * content script acting on it) is the code the browser runs.
 */
async function runCommand({ control }, command, tabId) {
  return control.evaluate(async ([name, tab]) => {
    const background = await browser.runtime.getBackgroundPage();
    return JSON.parse(JSON.stringify(await background.Klarsvar.worker.runCommand(name, tab)));
  }, [command, tabId]);
}

/** Open an editor page; returns the frame the editor lives in (the page itself, or its iframe). */
async function openEditor(page, editor) {
  await page.goto(`${config.pagesUrl}/${editor.path}`, { waitUntil: 'domcontentloaded', timeout: 20000 });
  await page.waitForFunction('window.editorReady === true', { timeout: 15000 });
  if (!editor.iframe) return page.mainFrame();
  const handle = await page.waitForSelector(editor.iframe, { timeout: 10000 });
  return handle.contentFrame();
}

/** Open the editor page, type `text`, wait for the complete check; returns the editor's frame. */
async function typeDraft(page, editor, text = config.draft) {
  const frame = await openEditor(page, editor);
  await frame.click(editor.selector);
  await page.keyboard.type(text);
  await frame.waitForSelector(SETTLED, { timeout: 20000 });
  return frame;
}

/** A listed finding with a replacement (internal language first: the seeded team term guarantees one). */
async function applicableFinding(frame) {
  return frame.$eval(OVERLAY, (host) => {
    const root = host.shadowRoot;
    const item = root.querySelector('li[data-finding-id][data-category="internal_language"]:has([data-action="apply"])')
      || root.querySelector('li[data-finding-id]:has([data-action="apply"])');
    if (!item) return null;
    return { id: item.getAttribute('data-finding-id'), start: Number(item.getAttribute('data-start')),
      end: Number(item.getAttribute('data-end')), replacement: item.querySelector('[data-action="apply"]').textContent,
      rule: item.querySelector('[data-action="disable-rule"]') && item.querySelector('[data-action="disable-rule"]').getAttribute('data-rule'),
      findings: root.querySelectorAll('li[data-finding-id]').length, marks: root.querySelectorAll('[data-mark-id]').length };
  });
}

/** How many shadow-root elements of the frame's overlay match `selector`. */
async function countIn(frame, selector) {
  return frame.$eval(OVERLAY, (host, sel) => host.shadowRoot.querySelectorAll(sel).length, selector).catch(() => 0);
}

/** Wait for the overlay to report an apply outcome; returns it. */
async function lastApply(frame) {
  await frame.waitForSelector(`${OVERLAY}[data-last-apply]`, { timeout: 5000 });
  return frame.$eval(OVERLAY, (host) => host.getAttribute('data-last-apply'));
}

/** Run `body(seen)` as one reported scenario; page errors and exceptions make it fail. */
async function scenario(name, page, body) {
  const seen = { name, ok: false, step: 'start' };
  const errors = [];
  const onError = (err) => {
    const message = String(err && err.message ? err.message : err);
    // Firefox reports its own cookie warnings as page errors (Froala's unlicensed banner sets a cookie on 127.0.0.1).
    if (!/^Cookie “[^”]*” has been rejected/.test(message)) errors.push(message);
  };
  page.on('pageerror', onError);
  try {
    await body(seen);
    seen.step = 'done';
    seen.ok = errors.length === 0;
    if (errors.length) seen.error = `page errors: ${errors.join(' | ')}`;
  } catch (err) {
    seen.error = String(err && err.message ? err.message : err);
  } finally {
    page.off('pageerror', onError);
  }
  process.stdout.write(`${JSON.stringify(seen)}\n`);
  return seen;
}

/** One editor: type the draft, open a finding's card from its mark, apply, undo; the rewrite and undo; keyboard. */
async function editorScenario(session, editor) {
  const { page } = session;
  return scenario(editor.name, page, async (seen) => {
    seen.step = 'type';
    const frame = await typeDraft(page, editor);
    seen.typed = await modelText(page);
    seen.kind = await frame.$eval(OVERLAY, (host) => host.getAttribute('data-editor-kind'));
    const finding = await applicableFinding(frame);
    if (!finding) throw new Error('no finding with a replacement was listed');
    Object.assign(seen, { findings: finding.findings, marks: finding.marks, finding: finding.id });
    await sleep(1100); // editors group edits within ~1 s into one undo step: keep typing and the apply apart
    seen.step = 'card';
    await frame.click(`${OVERLAY} >>> [data-mark-id="${finding.id}"]`);
    await frame.waitForSelector(`${OVERLAY} >>> [data-card][data-finding-id="${finding.id}"]`, { visible: true, timeout: 5000 });
    seen.step = 'apply';
    await frame.click(`${OVERLAY} >>> [data-card] [data-action="apply"]`);
    seen.lastApply = await lastApply(frame);
    seen.applied = await modelText(page);
    seen.expected = seen.typed.slice(0, finding.start) + finding.replacement + seen.typed.slice(finding.end);
    if (seen.lastApply !== 'applied' || seen.applied !== seen.expected) throw new Error('the apply did not land in the model');
    seen.step = 'undo';
    await sleep(300);
    await undo(page);
    try {
      await waitModelText(page, seen.typed);
    } finally {
      seen.undone = await modelText(page);
    }
    await frame.waitForSelector(SETTLED, { timeout: 20000 });
    if (editor.rewrite) {
      // Insert the rewrite (diff first, then confirm): one edit the editor records; Ctrl+Z restores the draft.
      seen.step = 'rewrite';
      await frame.$eval(OVERLAY, (host) => host.removeAttribute('data-last-apply'));
      if (await frame.$eval(OVERLAY, (host) => host.getAttribute('data-open')) !== 'true') {
        await frame.click(`${OVERLAY} >>> [data-action="toggle-panel"]`);
      }
      await sleep(1100);
      await frame.click(`${OVERLAY} >>> [data-action="insert-rewrite"]`);
      await frame.click(`${OVERLAY} >>> [data-action="confirm-rewrite"]`);
      seen.rewriteApply = await lastApply(frame);
      seen.rewritten = await modelText(page);
      await sleep(300);
      await frame.click(editor.selector);
      await undo(page);
      try {
        await waitModelText(page, seen.typed);
      } finally {
        seen.rewriteUndone = await modelText(page);
      }
      await frame.waitForSelector(SETTLED, { timeout: 20000 });
    }
    // Keyboard: focus reaches a mark, its card opens; Enter moves into the card, Enter applies.
    seen.step = 'keyboard';
    const keyed = await applicableFinding(frame);
    if (!keyed) throw new Error('no finding with a replacement after undo');
    await frame.$eval(OVERLAY, (host) => host.removeAttribute('data-last-apply'));
    await frame.focus(`${OVERLAY} >>> [data-mark-id="${keyed.id}"]`);
    await frame.waitForSelector(`${OVERLAY} >>> [data-card][data-finding-id="${keyed.id}"]`, { visible: true, timeout: 5000 });
    await page.keyboard.press('Enter');
    seen.keyboardFocus = await frame.$eval(OVERLAY, (host) => host.shadowRoot.activeElement && host.shadowRoot.activeElement.getAttribute('data-action'));
    await page.keyboard.press('Enter');
    seen.keyboardApply = await lastApply(frame);
    seen.keyboardText = await modelText(page);
  });
}

/** The toolbar popup for the editor tab, opened as a page of its own (a headless browser has no toolbar to click). */
async function openPopup(session, popup) {
  const tab = await editorTabId(session);
  await openExtensionPage(popup, `${EXTENSION}/popup/popup.html?tab=${tab}`);
  // The popup is ready once the background worker has answered it with the server's state: a server round trip,
  // which on a busy machine took over 5 s once (the other round-trip waits here are 20 s too).
  await popup.waitForSelector('body[data-ready]', { timeout: 20000 });
}

/** Popup: server reachable, the tab's count, the site switched off (no findings while off) and on again. */
async function popupScenario(session, textarea) {
  const { browser, page } = session;
  return scenario('popup', page, async (seen) => {
    seen.step = 'type';
    const frame = await typeDraft(page, textarea);
    seen.findings = await countIn(frame, 'li[data-finding-id]');
    const popup = await browser.newPage();
    try {
      seen.step = 'popup-off';
      await openPopup(session, popup);
      seen.serverState = await popup.$eval('[data-part="server-status"]', (node) => node.getAttribute('data-state'));
      seen.popupCount = await popup.$eval('[data-part="counts"]', (node) => node.getAttribute('data-count'));
      seen.toggleBefore = await popup.$eval('[data-part="site-toggle"]', (node) => node.checked);
      await popup.click('[data-part="site-toggle"]');
      await popup.waitForFunction(() => !document.querySelector('[data-part="site-toggle"]').checked, { timeout: 3000 });
      seen.step = 'off';
      await page.bringToFront();
      await frame.waitForSelector(`${OVERLAY}:not([data-editor-kind])`, { timeout: 5000 });
      await frame.click(textarea.selector);
      await page.keyboard.type(' Vi har eskaleret den.');
      await sleep(1000);
      seen.offFollowing = (await frame.$$(`${OVERLAY}[data-editor-kind]`)).length;
      seen.offMarks = await countIn(frame, '[data-mark-id]');
      seen.offFindings = await countIn(frame, 'li[data-finding-id]');
      seen.step = 'popup-on';
      await openPopup(session, popup);
      await popup.click('[data-part="site-toggle"]');
      await popup.waitForFunction(() => document.querySelector('[data-part="site-toggle"]').checked, { timeout: 3000 });
    } finally {
      await popup.close();
    }
    seen.step = 'on';
    await page.bringToFront();
    await frame.click(textarea.selector);
    await page.keyboard.type(' Tak.');
    await frame.waitForSelector(SETTLED, { timeout: 20000 });
    seen.onFindings = await countIn(frame, 'li[data-finding-id]');
  });
}

/** A rule turned off from its card leaves every page; turned on in the options page, it comes back. */
async function ruleScenario(session, textarea, contenteditable) {
  const { control, page } = session;
  return scenario('rule', page, async (seen) => {
    seen.step = 'card';
    let frame = await typeDraft(page, textarea);
    const finding = await applicableFinding(frame);
    if (!finding || !finding.rule) throw new Error('no finding with a rule');
    seen.finding = finding.id;
    await frame.click(`${OVERLAY} >>> [data-mark-id="${finding.id}"]`);
    await frame.waitForSelector(CARD, { visible: true, timeout: 20000 });
    seen.rule = await frame.$eval(OVERLAY, (host) => host.shadowRoot.querySelector('[data-card] [data-action="disable-rule"]').getAttribute('data-rule'));
    await frame.click(`${OVERLAY} >>> [data-card] [data-action="disable-rule"]`);
    seen.leftHere = await countIn(frame, `[data-finding-id="${finding.id}"], [data-mark-id="${finding.id}"]`);
    seen.stored = await control.evaluate(async () => (await browser.storage.local.get('disabledRules')).disabledRules);
    seen.step = 'elsewhere';
    frame = await typeDraft(page, contenteditable);
    seen.leftElsewhere = await countIn(frame, `li[data-finding-id="${finding.id}"]`);
    seen.step = 'options';
    await openExtensionPage(control, `${EXTENSION}/options/options.html`);
    await control.waitForSelector(`[data-rule="${seen.rule}"] [data-action="enable-rule"]`, { timeout: 20000 });
    await control.click(`[data-rule="${seen.rule}"] [data-action="enable-rule"]`);
    await control.waitForFunction(() => !document.querySelector('[data-part="disabled-rules"] [data-rule]'), { timeout: 20000 });
    seen.step = 'back';
    await page.bringToFront();
    await frame.waitForSelector(`${OVERLAY} >>> li[data-finding-id="${finding.id}"]`, { timeout: 20000 });
    seen.back = await countIn(frame, `li[data-finding-id="${finding.id}"]`);
  });
}

/** The manifest's commands: registered with their keys; next/previous move between findings; apply-first and insert-rewrite act. */
async function commandsScenario(session, contenteditable) {
  const { control, page } = session;
  return scenario('commands', page, async (seen) => {
    seen.registered = await control.evaluate(async () => (await browser.commands.getAll()).map((c) => [c.name, c.shortcut || '']));
    seen.step = 'type';
    const frame = await typeDraft(page, contenteditable);
    await page.bringToFront();
    const tab = await editorTabId(session);
    const cardId = () => frame.$eval(OVERLAY, (host) => { const card = host.shadowRoot.querySelector('[data-card]'); return card && !card.hidden ? card.getAttribute('data-finding-id') : null; });
    seen.marked = await frame.$eval(OVERLAY, (host) => new Set(Array.from(host.shadowRoot.querySelectorAll('[data-mark-id]'), (m) => m.getAttribute('data-mark-id'))).size);
    seen.step = 'next';
    seen.next = await runCommand(session, 'next-finding', tab);
    await frame.waitForSelector(CARD, { visible: true, timeout: 3000 });
    seen.first = await cardId();
    seen.focused = await frame.evaluate(() => document.activeElement && document.activeElement.shadowRoot
      && document.activeElement.shadowRoot.activeElement && document.activeElement.shadowRoot.activeElement.getAttribute('data-action'));
    await runCommand(session, 'next-finding', tab);
    await frame.waitForFunction((id) => { const card = document.querySelector('klarsvar-overlay').shadowRoot.querySelector('[data-card]'); return card.getAttribute('data-finding-id') !== id; }, { timeout: 3000 }, seen.first);
    seen.second = await cardId();
    seen.step = 'previous';
    await runCommand(session, 'previous-finding', tab);
    await frame.waitForFunction((id) => document.querySelector('klarsvar-overlay').shadowRoot.querySelector('[data-card]').getAttribute('data-finding-id') === id, { timeout: 3000 }, seen.first);
    seen.back = await cardId();
    seen.step = 'apply-first';
    for (let i = 0; i < seen.marked; i += 1) {
      if (await countIn(frame, '[data-card] [data-action="apply"]')) break;
      await runCommand(session, 'next-finding', tab);
      await sleep(200);
    }
    const before = await modelText(page);
    await frame.$eval(OVERLAY, (host) => host.removeAttribute('data-last-apply'));
    seen.applyFirst = await runCommand(session, 'apply-first', tab);
    seen.applied = await lastApply(frame);
    seen.changed = (await modelText(page)) !== before;
    seen.step = 'insert-rewrite';
    await frame.waitForSelector(SETTLED, { timeout: 20000 });
    seen.insertRewrite = await runCommand(session, 'insert-rewrite', tab);
    await frame.waitForSelector(`${OVERLAY} >>> [data-part="rewrite-diff"]`, { timeout: 3000 });
    seen.rewriteFocus = await frame.evaluate(() => document.activeElement.shadowRoot.activeElement.getAttribute('data-action'));
    const beforeRewrite = await modelText(page);
    await sleep(300);
    seen.unchangedBeforeConfirm = (await modelText(page)) === beforeRewrite;
    await frame.$eval(OVERLAY, (host) => host.removeAttribute('data-last-apply'));
    await page.keyboard.press('Enter');
    seen.rewriteApply = await lastApply(frame);
    seen.rewriteChanged = (await modelText(page)) !== beforeRewrite;
  });
}

/** The extension paired with a team server that switched one rule off: the panel never lists that rule. */
async function teamScenario(session, textarea) {
  const { control, page } = session;
  return scenario('team', page, async (seen) => {
    await control.evaluate((url) => browser.storage.local.set({ serverUrl: url }), config.teamServer.url);
    const frame = await typeDraft(page, textarea);
    seen.shownRules = await frame.$eval(OVERLAY, (host) => Array.from(
      host.shadowRoot.querySelectorAll('li[data-finding-id] [data-action="disable-rule"]'), (b) => b.getAttribute('data-rule')));
  });
}

/** The card at the word on a CKEditor draft, screenshot in this browser's colour scheme. */
async function cardShot(session, editor, scheme) {
  const { page } = session;
  return scenario(`card-${scheme}`, page, async (seen) => {
    const frame = await typeDraft(page, editor);
    const finding = await applicableFinding(frame);
    if (!finding) throw new Error('no finding to open');
    await frame.click(`${OVERLAY} >>> [data-mark-id="${finding.id}"]`);
    await frame.waitForSelector(CARD, { visible: true, timeout: 5000 });
    seen.dark = await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches);
    seen.background = await frame.$eval(OVERLAY, (host) => getComputedStyle(host.shadowRoot.querySelector('[data-card]')).backgroundColor);
    await sleep(300); // the card's fade-in
    seen.file = path.join(config.shotsDir, `firefox-card-${scheme}.png`);
    fs.writeFileSync(seen.file, await page.screenshot({ type: 'png' }));
    seen.bytes = fs.statSync(seen.file).size;
  });
}

const byName = Object.fromEntries(config.editors.map((e) => [e.name, e]));
const wants = (name) => config.scenarios.includes(name);
const session = await start('light');
try {
  if (wants('editors')) {
    for (const editor of config.editors) await editorScenario(session, editor);
  }
  if (wants('popup')) await popupScenario(session, byName.textarea);
  await pair(session);
  if (wants('rule')) await ruleScenario(session, byName.textarea, byName.contenteditable);
  await pair(session);
  if (wants('commands')) await commandsScenario(session, byName.contenteditable);
  if (wants('team')) await teamScenario(session, byName.textarea);
  await pair(session);
  if (wants('dark')) await cardShot(session, byName.ckeditor5, 'light');
} finally {
  await session.browser.close();
}
if (wants('dark')) {
  // A second browser: the colour scheme is a preference read at start.
  const dark = await start('dark');
  try {
    await cardShot(dark, byName.ckeditor5, 'dark');
  } finally {
    await dark.browser.close();
  }
}
