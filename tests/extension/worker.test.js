'use strict';
// The background worker's message handling with a fake extension API and a fake server (fetch).
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { EXTENSION_DIR } = require('./helpers.js');

/** Load the worker's scripts (Firefox's `background.scripts` order) into a fresh context. */
function loadWorker(fetchImpl, stored = {}) {
  const storage = { ...stored };
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
      },
      runtime: { onMessage: { addListener: (fn) => { listener = fn; } }, onInstalled: { addListener() {} }, openOptionsPage: async () => {} },
      i18n: { getMessage: (key) => key },
      action: { setBadgeText: async () => {}, setBadgeBackgroundColor: async () => {}, setTitle: async () => {} },
    },
  };
  context.globalThis = context;
  vm.createContext(context);
  const manifest = JSON.parse(fs.readFileSync(path.join(EXTENSION_DIR, 'manifest.json'), 'utf8'));
  for (const script of manifest.background.scripts) {
    vm.runInContext(fs.readFileSync(path.join(EXTENSION_DIR, script), 'utf8'), context, { filename: script });
  }
  /** Send a message as a content script in tab 7, frame `frameId`; the answer as plain data. */
  const send = (message, frameId = 0) => new Promise((resolve) => {
    listener(message, { tab: { id: 7 }, frameId }, (answer) => resolve(JSON.parse(JSON.stringify(answer))));
  });
  return { send, storage };
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

test('ignored finding ids are remembered per site', async () => {
  const { send, storage } = loadWorker(async () => reply(200, {}), paired);
  await send({ kind: 'ignore', origin: 'https://a.example', id: 'c0ffee12' });
  await send({ kind: 'ignore', origin: 'https://a.example', id: 'c0ffee12' });
  const a = await send({ kind: 'site', origin: 'https://a.example' });
  const b = await send({ kind: 'site', origin: 'https://b.example' });
  assert.deepEqual(a.site.ignored, ['c0ffee12']);
  assert.equal(b.site.ignored.length, 0);
  assert.equal(storage.sites['https://a.example'].ignored.length, 1);
});

test('site settings: enabled by default, channel from the site or the default', async () => {
  const { send } = loadWorker(async () => reply(200, {}), { ...paired, defaultChannel: 'chat', sites: { 'https://z.example': { enabled: false, channel: 'email' } } });
  const z = (await send({ kind: 'site', origin: 'https://z.example' })).site;
  const other = (await send({ kind: 'site', origin: 'https://o.example' })).site;
  assert.deepEqual([z.enabled, z.channel, other.enabled, other.channel], [false, 'email', true, 'chat']);
});

test('"never flag this word" reads the team terms and puts them back with an allowed entry', async () => {
  const calls = [];
  const fetchImpl = async (url, init) => {
    calls.push({ method: init.method, body: init.body && JSON.parse(init.body) });
    return init.method === 'PUT' ? reply(200, calls[calls.length - 1].body) : reply(200, [{ term: '2nd level', replacement: 'en specialist', language: 'da', kind: 'internal' }]);
  };
  const { send } = loadWorker(fetchImpl, paired);
  const answer = await send({ kind: 'allow-term', term: 'Zendly', language: 'da' });
  assert.deepEqual(answer, { ok: true, added: true });
  assert.deepEqual(calls.map((c) => c.method), ['GET', 'PUT']);
  assert.equal(calls[1].body.length, 2);
  assert.equal(calls[1].body[1].kind, 'allowed');
});

test('saving settings trims the token and the server address', async () => {
  const { send, storage } = loadWorker(async () => reply(200, {}), {});
  await send({ kind: 'save-settings', settings: { serverUrl: ' http://127.0.0.1:9000/ ', token: ' abc \n', bogus: 1 } });
  assert.equal(storage.serverUrl, 'http://127.0.0.1:9000');
  assert.equal(storage.token, 'abc');
  assert.equal('bogus' in storage, false);
});

test('an unknown message gets an error answer, not silence', async () => {
  const { send } = loadWorker(async () => reply(200, {}), paired);
  assert.equal((await send({ kind: 'nope' })).ok, false);
});
