'use strict';
// The background worker's message handling with a fake extension API and a fake server (fetch).
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { EXTENSION_DIR } = require('./helpers.js');

const EXTENSION_ID = 'klarsvar-test-id';
const EXTENSION_URL = `chrome-extension://${EXTENSION_ID}/`;
const PAGE = 'https://a.example/agent/tickets/1';

/** The `sender` the browser gives a message from each kind of caller. */
const SENDERS = {
  content: (frameId = 0, url = PAGE) => ({ id: EXTENSION_ID, tab: { id: 7, url: PAGE }, frameId, url, origin: new URL(url).origin }),
  options: () => ({ id: EXTENSION_ID, tab: { id: 9, url: `${EXTENSION_URL}options/options.html` }, frameId: 0,
    url: `${EXTENSION_URL}options/options.html`, origin: EXTENSION_URL.slice(0, -1) }),
  otherExtension: () => ({ id: 'someone-else', url: 'chrome-extension://someone-else/bg.html' }),
  webPage: () => ({ tab: { id: 7, url: PAGE }, frameId: 0, url: PAGE, origin: 'https://a.example' }),
  otherExtensionPage: () => ({ id: EXTENSION_ID, tab: { id: 9, url: `${EXTENSION_URL}popup.html` }, url: `${EXTENSION_URL}popup.html` }),
  // The toolbar popup has no tab; opened as a page in a tab (the e2e tests) it has one.
  popup: () => ({ id: EXTENSION_ID, url: `${EXTENSION_URL}popup/popup.html`, origin: EXTENSION_URL.slice(0, -1) }),
};

/** Load the worker's scripts (Firefox's `background.scripts` order) into a fresh context. */
function loadWorker(fetchImpl, stored = {}, globals = {}) {
  const storage = { ...stored };
  const tabMessages = [];
  let listener = null;
  const context = {
    console, setTimeout, clearTimeout, AbortController, Promise, JSON, URL,
    fetch: fetchImpl,
    chrome: {
      storage: {
        local: {
          get: async (keys) => Object.fromEntries(keys.filter((k) => k in storage).map((k) => [k, structuredClone(storage[k])])),
          set: async (values) => { Object.assign(storage, structuredClone(values)); },
        },
        // An organisation's policy (managed_schema.json); without one Firefox rejects, as here.
        managed: {
          get: async (keys) => {
            if (globals.policyDelayMs) await new Promise((resolve) => setTimeout(resolve, globals.policyDelayMs));
            if (!globals.policy) throw new Error('Managed storage manifest not found');
            return Object.fromEntries(keys.filter((k) => k in globals.policy).map((k) => [k, structuredClone(globals.policy[k])]));
          },
        },
      },
      runtime: { id: EXTENSION_ID, getURL: (p) => EXTENSION_URL + p, onMessage: { addListener: (fn) => { listener = fn; } },
        onInstalled: { addListener() {} }, onStartup: { addListener() {} }, openOptionsPage: async () => {} },
      contextMenus: { removeAll: async () => {}, create() {}, onClicked: { addListener() {} } },
      tabs: { sendMessage: async (tabId, message, options) => {
        tabMessages.push([tabId, message, options]);
        if (message.kind === 'tab-origin') return tabId === 7 ? { ok: true, origin: 'https://a.example' } : undefined;
        return message.kind === 'read-selection' ? { ok: true, text: 'Min pakke er væk' } : { ok: true };
      }, query: async () => [{ id: 7 }] },
      commands: { onCommand: { addListener() {} } },
      i18n: { getMessage: (key) => key },
      action: { setBadgeText: async () => {}, setBadgeBackgroundColor: async () => {}, setTitle: async () => {} },
    },
  };
  const { policy: _policy, policyDelayMs: _delay, ...extraGlobals } = globals;
  Object.assign(context, extraGlobals);
  context.globalThis = context;
  vm.createContext(context);
  const manifest = JSON.parse(fs.readFileSync(path.join(EXTENSION_DIR, 'manifest.json'), 'utf8'));
  for (const script of manifest.background.scripts) {
    vm.runInContext(fs.readFileSync(path.join(EXTENSION_DIR, script), 'utf8'), context, { filename: script });
  }
  /** Send a message from `sender` (default: a content script in tab 7, frame `frameId`); the answer as data. */
  const sendAs = (sender, message) => new Promise((resolve) => {
    listener(message, sender, (answer) => resolve(JSON.parse(JSON.stringify(answer))));
  });
  const send = (message, frameId = 0) => sendAs(SENDERS.content(frameId), message);
  const fromOptions = (message) => sendAs(SENDERS.options(), message);
  const fromPopup = (message) => sendAs(SENDERS.popup(), message);
  return { send, sendAs, fromOptions, fromPopup, storage, tabMessages, Klarsvar: context.Klarsvar };
}

const paired = { serverUrl: 'http://127.0.0.1:8765', token: 'tok' };
const reply = (status, body) => ({ ok: status < 300, status, json: async () => body });

test('a newer check from the same frame cancels the older one; other frames are independent', async () => {
  const pending = [];
  const fetchImpl = (url, init) => new Promise((resolve, reject) => {
    pending.push(() => resolve(reply(200, { findings: [], body: JSON.parse(init.body) })));
    init.signal.addEventListener('abort', () => reject(new Error('aborted')));
  });
  const { send } = loadWorker(fetchImpl, paired);
  const first = send({ kind: 'check', slot: 'editor', payload: { text: 'gammel' } });
  const otherFrame = send({ kind: 'check', slot: 'editor', payload: { text: 'iframe' } }, 3);
  await new Promise((r) => setTimeout(r, 10));
  const second = send({ kind: 'check', slot: 'editor', payload: { text: 'ny' } });
  await new Promise((r) => setTimeout(r, 10));
  pending.forEach((resolve) => resolve());
  assert.equal((await first).state, 'cancelled');
  assert.equal((await second).result.body.text, 'ny');
  assert.equal((await otherFrame).result.body.text, 'iframe');
});

test('an explicit cancel aborts the frame\'s in-flight check', async () => {
  const fetchImpl = (url, init) => new Promise((resolve, reject) => {
    init.signal.addEventListener('abort', () => reject(new Error('aborted')));
  });
  const { send } = loadWorker(fetchImpl, paired);
  const pendingCheck = send({ kind: 'check', slot: 'editor', payload: { text: 'x' } });
  await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(await send({ kind: 'cancel', slot: 'editor' }), { ok: true });
  assert.equal((await pendingCheck).state, 'cancelled');
});

test('ignored finding ids are remembered per site: the sender\'s origin, never the message\'s', async () => {
  const { send, sendAs, storage } = loadWorker(async () => reply(200, {}), paired);
  await send({ kind: 'ignore', origin: 'https://victim.example', id: 'c0ffee12' });
  await send({ kind: 'ignore', id: 'c0ffee12' });
  const a = await send({ kind: 'site', origin: 'https://b.example' });
  const b = await sendAs(SENDERS.content(3, 'https://b.example/frame'), { kind: 'site', origin: 'https://a.example' });
  assert.deepEqual(a.site.ignored, ['c0ffee12']);
  assert.equal(b.site.ignored.length, 0);
  assert.deepEqual(Object.keys(storage.sites), ['https://a.example']);
  await send({ kind: 'ignore', id: 'c0ffee12', ignored: false }); // Undo, right after
  assert.deepEqual(storage.sites['https://a.example'].ignored, []);
});

test('an about:blank frame is keyed on its tab\'s origin (Firefox gives no sender.origin)', async () => {
  const { sendAs, storage } = loadWorker(async () => reply(200, {}), paired);
  await sendAs({ id: EXTENSION_ID, tab: { id: 7, url: PAGE }, frameId: 4, url: 'about:blank' }, { kind: 'ignore', id: 'x1' });
  assert.deepEqual(Object.keys(storage.sites), ['https://a.example']);
});

test('site settings: enabled by default, channel from the site or the default', async () => {
  const { sendAs } = loadWorker(async () => reply(200, {}), { ...paired, defaultChannel: 'chat', sites: { 'https://z.example': { enabled: false, channel: 'email' } } });
  const z = (await sendAs(SENDERS.content(0, 'https://z.example/'), { kind: 'site' })).site;
  const other = (await sendAs(SENDERS.content(0, 'https://o.example/'), { kind: 'site' })).site;
  assert.deepEqual([z.enabled, z.channel, other.enabled, other.channel], [false, 'email', true, 'chat']);
});

test('"never flag this word" adds one term with a single POST (no read-modify-write of the list)', async () => {
  const calls = [];
  const fetchImpl = async (url, init) => {
    calls.push({ url, method: init.method, body: init.body && JSON.parse(init.body) });
    return reply(201, { term: calls[calls.length - 1].body, added: true });
  };
  const { send } = loadWorker(fetchImpl, paired);
  const answer = await send({ kind: 'allow-term', term: ' Zendly ', language: 'da' });
  assert.deepEqual(answer, { ok: true, added: true });
  assert.deepEqual(calls.map((c) => [c.method, c.url]), [['POST', 'http://127.0.0.1:8765/v1/terms']]);
  assert.deepEqual(calls[0].body, { term: 'Zendly', language: 'da', kind: 'allowed', note: 'Added from the browser extension' });
});

test('saving settings trims the token and the server address; an empty token keeps the paired one', async () => {
  const { fromOptions, storage } = loadWorker(async () => reply(200, {}), {});
  await fromOptions({ kind: 'save-settings', settings: { serverUrl: ' http://127.0.0.1:9000/ ', token: ' abc \n', bogus: 1 } });
  assert.equal(storage.serverUrl, 'http://127.0.0.1:9000');
  assert.equal(storage.token, 'abc');
  assert.equal('bogus' in storage, false);
  await fromOptions({ kind: 'save-settings', settings: { serverUrl: 'http://127.0.0.1:9000', token: '' } });
  assert.equal(storage.token, 'abc');
});

test('the options page never gets the token, only whether one is paired', async () => {
  const { fromOptions } = loadWorker(async () => reply(200, {}), paired);
  const { settings } = await fromOptions({ kind: 'get-settings' });
  assert.equal('token' in settings, false);
  assert.equal(settings.paired, true);
  assert.equal(JSON.stringify(settings).includes(paired.token), false);
  const saved = await fromOptions({ kind: 'save-settings', settings: { language: 'da' } });
  assert.equal('token' in saved.settings, false);
});

test('a server address with a path, credentials or another scheme is refused', async () => {
  const { fromOptions, storage } = loadWorker(async () => reply(200, {}), paired);
  for (const serverUrl of ['https://evil.example/collect', 'http://user:pw@127.0.0.1:8765', 'file:///etc', 'javascript:alert(1)', 'nonsense']) {
    const answer = await fromOptions({ kind: 'save-settings', settings: { serverUrl } });
    assert.equal(answer.ok, false, serverUrl);
    assert.equal(answer.code, 'bad_server_url');
  }
  assert.equal(storage.serverUrl, paired.serverUrl);
});

const ALL_KINDS = ['check', 'cancel', 'health', 'get-settings', 'save-settings', 'site', 'ignore', 'allow-term', 'state',
  'rule', 'tab-status', 'set-site', 'pause'];

test('every message type is refused from a foreign sender, and nothing is stored or sent', async () => {
  const fetched = [];
  const { sendAs, storage } = loadWorker(async (url) => { fetched.push(url); return reply(200, {}); }, paired);
  for (const sender of [SENDERS.otherExtension(), SENDERS.webPage(), null, {}]) {
    for (const kind of ALL_KINDS) {
      const answer = await sendAs(sender, { kind, origin: 'https://a.example', id: 'x', term: 'x', settings: { serverUrl: 'https://evil.example' }, payload: { text: 'x' } });
      assert.deepEqual([kind, answer.ok, answer.code], [kind, false, 'forbidden_sender']);
    }
  }
  assert.deepEqual(fetched, []);
  assert.equal(storage.serverUrl, paired.serverUrl);
  assert.equal(storage.sites, undefined);
});

test('settings messages are refused from content scripts; page-only messages from the options page', async () => {
  const { send, sendAs, fromOptions, storage } = loadWorker(async () => reply(200, {}), paired);
  for (const kind of ['get-settings', 'save-settings']) {
    const answer = await send({ kind, settings: { serverUrl: 'http://127.0.0.1:1' } });
    assert.deepEqual([kind, answer.ok, answer.code], [kind, false, 'forbidden_sender']);
    const other = await sendAs(SENDERS.otherExtensionPage(), { kind, settings: { serverUrl: 'http://127.0.0.1:1' } });
    assert.equal(other.code, 'forbidden_sender');
  }
  assert.equal(storage.serverUrl, paired.serverUrl);
  for (const kind of ['site', 'ignore', 'allow-term', 'state']) {
    const answer = await fromOptions({ kind, id: 'x', term: 'x' });
    assert.deepEqual([kind, answer.ok, answer.code], [kind, false, 'forbidden_sender']);
  }
  // What each may send still works.
  assert.equal((await fromOptions({ kind: 'get-settings' })).ok, true);
  assert.equal((await send({ kind: 'site' })).ok, true);
});

test('lone surrogates in the text go out well-formed, with the same UTF-16 length', async () => {
  let sent = null;
  const { send } = loadWorker(async (url, init) => { sent = init.body; return reply(200, { findings: [] }); }, paired);
  await send({ kind: 'check', slot: 'editor', payload: { text: 'Broken \ud83d emoji \udfff end 😀' } });
  const text = JSON.parse(sent).text;
  assert.equal(text, 'Broken \ufffd emoji \ufffd end 😀');
  assert.equal(text.length, 'Broken \ud83d emoji \udfff end 😀'.length);
});

test('a timed-out check is reported once and never sent again', async () => {
  let calls = 0;
  const { send } = loadWorker((url, init) => new Promise((resolve, reject) => {
    calls += 1;
    init.signal.addEventListener('abort', () => reject(new Error('aborted')));
  }), paired, { KLARSVAR_CHECK_TIMEOUTS_MS: { fast: 40, full: 60 } });
  const answer = await send({ kind: 'check', slot: 'editor', payload: { text: 'x', grammar: false } });
  await new Promise((r) => setTimeout(r, 300)); // longer than any backoff: a retry would have happened
  assert.deepEqual([answer.ok, answer.state, answer.code, calls], [false, 'error', 'timeout', 1]);
});

test('the context-menu selection goes back only to the frame it came from', async () => {
  const { Klarsvar, tabMessages } = loadWorker(async () => reply(200, {}), paired);
  const menu = Klarsvar.contextMenu;
  assert.equal(await menu.onClicked({ menuItemId: menu.MENU_ID, frameId: 5, selectionText: 'x' }, { id: 7 }), true);
  assert.deepEqual(JSON.parse(JSON.stringify(tabMessages)), [
    [7, { kind: 'read-selection' }, { frameId: 5 }],
    [7, { kind: 'customer-selection', text: 'Min pakke er væk' }, { frameId: 5 }],
  ]);
});

test('an unknown message gets an error answer, not silence', async () => {
  const { send } = loadWorker(async () => reply(200, {}), paired);
  assert.equal((await send({ kind: 'nope' })).ok, false);
});

// --- issue 16: rule controls, the toolbar popup, keyboard commands -----------------------------------

test('a rule turned off from a card holds everywhere and comes back when turned on in the options', async () => {
  const { send, sendAs, fromOptions, storage } = loadWorker(async () => reply(200, {}), paired);
  assert.deepEqual((await send({ kind: 'rule', rule: 'da.passive.blev' })).disabledRules, ['da.passive.blev']);
  const elsewhere = (await sendAs(SENDERS.content(0, 'https://b.example/'), { kind: 'site' })).site;
  assert.deepEqual(elsewhere.disabledRules, ['da.passive.blev']);
  await fromOptions({ kind: 'rule', rule: 'da.passive.blev', disabled: false });
  assert.deepEqual(storage.disabledRules, []);
  // The popup may not change rules (only the card and the options page do).
  assert.equal((await sendAs(SENDERS.popup(), { kind: 'rule', rule: 'x' })).code, 'forbidden_sender');
});

test('minimum severity and disabled rules are checked when saved', async () => {
  const { fromOptions, storage } = loadWorker(async () => reply(200, {}), paired);
  await fromOptions({ kind: 'save-settings', settings: { minSeverity: 'loud', disabledRules: 'x', allowList: 'yes' } });
  assert.equal(storage.minSeverity, undefined);
  assert.equal(storage.disabledRules, undefined);
  assert.equal(storage.allowList, false);
  await fromOptions({ kind: 'save-settings', settings: { minSeverity: 'error', disabledRules: ['a.b.c', 'a.b.c', 7, ''] } });
  assert.deepEqual([storage.minSeverity, storage.disabledRules], ['error', ['a.b.c']]);
  await fromOptions({ kind: 'save-settings', settings: { disabledCategories: ['passive', 'no_such_category', 'passive'] } });
  assert.deepEqual(storage.disabledCategories, ['passive']);
});

test('the popup switches the tab\'s site off and on: the origin comes from the tab, never from the message', async () => {
  const { fromPopup, send, storage } = loadWorker(async () => reply(200, {}), paired);
  const off = await fromPopup({ kind: 'set-site', tabId: 7, enabled: false, origin: 'https://victim.example' });
  assert.deepEqual([off.ok, off.origin, off.site.enabled, off.site.off], [true, 'https://a.example', false, 'off']);
  assert.deepEqual(Object.keys(storage.sites), ['https://a.example']);
  assert.equal((await send({ kind: 'site' })).site.enabled, false);
  await fromPopup({ kind: 'set-site', tabId: 7, enabled: true });
  assert.equal((await send({ kind: 'site' })).site.enabled, true);
  // A tab without our content script (a browser page) has no site to switch.
  assert.equal((await fromPopup({ kind: 'set-site', tabId: 99, enabled: false })).code, 'no_site');
  // Only the popup may: a content script or the options page cannot switch a tab's site this way.
  assert.equal((await send({ kind: 'set-site', tabId: 7, enabled: false })).code, 'forbidden_sender');
});

test('the popup sees the tab\'s counts by category as its content script last reported them', async () => {
  const { fromPopup, send } = loadWorker(async () => reply(200, {}), paired);
  assert.equal((await fromPopup({ kind: 'tab-status', tabId: 7 })).tab, null);
  await send({ kind: 'state', state: 'ready', count: 3, categories: { spelling: 2, passive: 1, 'Bad Key!': 5 } });
  const status = await fromPopup({ kind: 'tab-status', tabId: 7 });
  assert.deepEqual([status.origin, status.site.enabled, status.tab], ['https://a.example', true, { state: 'ready', count: 3, categories: { spelling: 2, passive: 1 } }]);
  assert.equal((await send({ kind: 'tab-status', tabId: 7 })).code, 'forbidden_sender');
});

test('the popup may probe the server (health, a one-word check) but never reads or writes the settings', async () => {
  const { fromPopup } = loadWorker(async () => reply(200, { findings: [] }), paired);
  assert.equal((await fromPopup({ kind: 'check', slot: 'popup', payload: { text: 'Test.' } })).ok, true);
  for (const kind of ['get-settings', 'save-settings', 'ignore', 'allow-term', 'state', 'site']) {
    assert.equal((await fromPopup({ kind, settings: { serverUrl: 'http://127.0.0.1:1' } })).code, 'forbidden_sender', kind);
  }
});

test('pause switches checking off everywhere until the time is up; resume ends it; allow-list mode', async () => {
  const { fromPopup, fromOptions, send, sendAs } = loadWorker(async () => reply(200, {}), paired);
  const paused = await fromPopup({ kind: 'pause', minutes: 15 });
  assert.ok(paused.pausedUntil > Date.now() + 14 * 60000);
  const site = (await send({ kind: 'site' })).site;
  assert.deepEqual([site.enabled, site.off], [false, 'paused']);
  await fromPopup({ kind: 'pause', minutes: 0 });
  assert.equal((await send({ kind: 'site' })).site.enabled, true);
  await fromOptions({ kind: 'save-settings', settings: { allowList: true, sites: { 'https://a.example': { enabled: true } } } });
  assert.equal((await send({ kind: 'site' })).site.enabled, true);
  const unlisted = (await sendAs(SENDERS.content(0, 'https://b.example/'), { kind: 'site' })).site;
  assert.deepEqual([unlisted.enabled, unlisted.off], [false, 'not_listed']);
});

test('keyboard commands from the manifest go to the tab\'s frames; unknown ones go nowhere', async () => {
  const { Klarsvar, tabMessages } = loadWorker(async () => reply(200, {}), paired);
  await Klarsvar.worker.runCommand('next-finding', 7);
  await Klarsvar.worker.runCommand('next-finding'); // no tab given: the active tab
  await Klarsvar.worker.runCommand('format-disk', 7);
  assert.deepEqual(JSON.parse(JSON.stringify(tabMessages)), [
    [7, { kind: 'command', command: 'next-finding' }, null],
    [7, { kind: 'command', command: 'next-finding' }, null],
  ]);
  const manifest = JSON.parse(fs.readFileSync(path.join(EXTENSION_DIR, 'manifest.json'), 'utf8'));
  assert.deepEqual(Object.keys(manifest.commands).sort(), [...Klarsvar.protocol.COMMANDS].sort());
  for (const command of Object.values(manifest.commands)) assert.match(command.description, /^__MSG_command_/);
});

test('pairing: the options page trades a code for the token once; the token never reaches a page', async () => {
  const calls = [];
  const fetchImpl = async (url, init) => {
    calls.push({ url, method: init.method, auth: init.headers.Authorization, body: JSON.parse(init.body) });
    return init.body.includes('123-456') ? reply(200, { token: 'fresh-token' })
      : reply(403, { error: { code: 'pairing_code_invalid', message: 'Wrong code: 4 tries left.' } });
  };
  const { send, sendAs, fromOptions, fromPopup, storage } = loadWorker(fetchImpl, { serverUrl: 'http://127.0.0.1:8765' });
  for (const answer of [await send({ kind: 'pair', code: '123-456' }), await fromPopup({ kind: 'pair', code: '123-456' }),
    await sendAs(SENDERS.otherExtension(), { kind: 'pair', code: '123-456' })]) {
    assert.equal(answer.code, 'forbidden_sender');
  }
  assert.equal(calls.length, 0);
  const wrong = await fromOptions({ kind: 'pair', code: '999-999' });
  assert.deepEqual([wrong.ok, wrong.code, wrong.message], [false, 'pairing_code_invalid', 'Wrong code: 4 tries left.']);
  assert.equal(calls.length, 1); // a refused code is never sent again: it would count twice towards the lock
  assert.equal(storage.token, undefined);
  const right = await fromOptions({ kind: 'pair', code: '123-456' });
  assert.equal(right.ok, true);
  assert.equal(right.settings.paired, true);
  assert.equal(JSON.stringify(right).includes('fresh-token'), false);
  assert.equal(storage.token, 'fresh-token');
  assert.deepEqual(calls.map((c) => [c.method, c.url, c.auth]), [['POST', 'http://127.0.0.1:8765/v1/pair', undefined],
    ['POST', 'http://127.0.0.1:8765/v1/pair', undefined]]);
});

test('a browser policy (storage.managed) sets the server and adds switched-off rules; an agent cannot undo it', async () => {
  const policy = { serverUrl: 'https://klarsvar.example.com/', disabledRules: ['en.plain_language.kindly'],
    disabledCategories: ['passive'], sites: { 'https://acme.zendesk.com': { enabled: true, channel: 'chat' } } };
  const calls = [];
  const fetchImpl = async (url) => { calls.push(url); return reply(200, { status: 'ok' }); };
  const { fromOptions, storage } = loadWorker(fetchImpl, { ...paired, disabledRules: ['mine'] }, { policy });
  const { settings } = await fromOptions({ kind: 'get-settings' });
  assert.equal(settings.serverUrl, 'https://klarsvar.example.com');
  assert.deepEqual(settings.disabledRules, ['mine', 'en.plain_language.kindly']);
  assert.deepEqual(settings.disabledCategories, ['passive']);
  assert.deepEqual(settings.sites['https://acme.zendesk.com'], { enabled: true, channel: 'chat' });
  assert.deepEqual(settings.managed.sort(), ['disabledCategories', 'disabledRules', 'serverUrl', 'sites']);
  // The agent points the server elsewhere and turns the policy's rule back on: the policy still holds,
  // and the agent's own list keeps only their own rules.
  const saved = await fromOptions({ kind: 'save-settings', settings: { serverUrl: 'http://127.0.0.1:9999', disabledRules: ['mine'] } });
  assert.equal(saved.settings.serverUrl, 'https://klarsvar.example.com');
  assert.deepEqual(saved.settings.disabledRules, ['mine', 'en.plain_language.kindly']);
  assert.deepEqual(storage.disabledRules, ['mine']);
  await fromOptions({ kind: 'health' });
  assert.equal(calls.at(-1), 'https://klarsvar.example.com/v1/health');
});

test('without a policy (Firefox rejects the managed area) the agent\'s own settings stand', async () => {
  const { fromOptions } = loadWorker(async () => reply(200, {}), paired);
  const { settings } = await fromOptions({ kind: 'get-settings' });
  assert.equal(settings.serverUrl, paired.serverUrl);
  assert.deepEqual(settings.managed, []);
});

test('a slow first read of the policy (Chromium starts its policy service) never holds up a check', async () => {
  const policy = { serverUrl: 'https://klarsvar.example.com' };
  const { fromOptions } = loadWorker(async () => reply(200, {}), paired, { policy, policyDelayMs: 600 });
  const started = Date.now();
  const first = await fromOptions({ kind: 'get-settings' });
  assert.ok(Date.now() - started < 400, 'waited for the policy');
  assert.equal(first.settings.serverUrl, paired.serverUrl);
  await new Promise((resolve) => setTimeout(resolve, 700));
  assert.equal((await fromOptions({ kind: 'get-settings' })).settings.serverUrl, 'https://klarsvar.example.com');
});
