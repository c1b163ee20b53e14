'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { createServerClient, ServerError, allowedTermEntry, wellFormed } = require('../../extension/background/client.js');

const config = { serverUrl: 'http://127.0.0.1:8765/', token: 'tok' };

/** A fetch that answers from a list of responders (functions of (url, init)), recording calls. */
function scriptedFetch(...responders) {
  const calls = [];
  const fetchImpl = async (url, init) => {
    calls.push({ url, init });
    const responder = responders[Math.min(calls.length - 1, responders.length - 1)];
    return responder(url, init);
  };
  return { calls, fetchImpl };
}

const json = (status, body) => async () => ({ ok: status >= 200 && status < 300, status, json: async () => body });
const refused = async () => { throw new TypeError('Failed to fetch'); };

test('sends the bearer token and JSON, and returns the body', async () => {
  const { calls, fetchImpl } = scriptedFetch(json(200, { findings: [] }));
  const client = createServerClient({ fetchImpl, getConfig: async () => config });
  assert.deepEqual(await client.check({ text: 'Hej' }), { findings: [] });
  assert.equal(calls[0].url, 'http://127.0.0.1:8765/v1/check');
  assert.equal(calls[0].init.headers.Authorization, 'Bearer tok');
  assert.equal(calls[0].init.headers['Content-Type'], 'application/json');
  assert.equal(calls[0].init.body, JSON.stringify({ text: 'Hej' }));
  assert.equal(calls[0].init.credentials, 'omit');
});

test('health needs no token', async () => {
  const { calls, fetchImpl } = scriptedFetch(json(200, { status: 'ok' }));
  const client = createServerClient({ fetchImpl, getConfig: async () => ({ ...config, token: '' }) });
  await client.health();
  assert.equal(calls[0].init.headers.Authorization, undefined);
});

test('401 maps to unauthorized without retrying', async () => {
  const { calls, fetchImpl } = scriptedFetch(json(401, { error: { code: 'unauthorized', message: 'Wrong token.' } }));
  const client = createServerClient({ fetchImpl, getConfig: async () => config, backoffMs: 1 });
  await assert.rejects(client.check({ text: 'x' }), (err) => err instanceof ServerError && err.state === 'unauthorized' && err.message === 'Wrong token.');
  assert.equal(calls.length, 1);
});

test('no token at all is unauthorized before any request', async () => {
  const { calls, fetchImpl } = scriptedFetch(json(200, {}));
  const client = createServerClient({ fetchImpl, getConfig: async () => ({ ...config, token: '' }) });
  await assert.rejects(client.check({ text: 'x' }), (err) => err.state === 'unauthorized' && err.code === 'no_token');
  assert.equal(calls.length, 0);
});

test('a refused connection is retried with backoff, then reported offline', async () => {
  const { calls, fetchImpl } = scriptedFetch(refused);
  const client = createServerClient({ fetchImpl, getConfig: async () => config, retries: 2, backoffMs: 5 });
  const started = Date.now();
  await assert.rejects(client.check({ text: 'x' }), (err) => err.state === 'offline' && err.code === 'unreachable');
  assert.equal(calls.length, 3);
  assert.ok(Date.now() - started >= 5 + 10, 'backoff doubles between attempts');
});

test('a server that comes back during the retries succeeds', async () => {
  const { calls, fetchImpl } = scriptedFetch(refused, json(503, { error: { code: 'starting', message: 'Starting.' } }), json(200, { ok: 1 }));
  const client = createServerClient({ fetchImpl, getConfig: async () => config, retries: 2, backoffMs: 1 });
  assert.deepEqual(await client.check({ text: 'x' }), { ok: 1 });
  assert.equal(calls.length, 3);
});

test('a 400 error keeps the server message and is not retried', async () => {
  const { calls, fetchImpl } = scriptedFetch(json(400, { error: { code: 'invalid_field', message: "Field 'language' must be …" } }));
  const client = createServerClient({ fetchImpl, getConfig: async () => config, backoffMs: 1 });
  await assert.rejects(client.check({ text: 'x' }), (err) => err.state === 'error' && err.code === 'invalid_field' && err.status === 400);
  assert.equal(calls.length, 1);
});

test('a hanging server times out once: reported as an error (busy, not offline) and never retried', async () => {
  const hang = (url, init) => new Promise((resolve, reject) => {
    init.signal.addEventListener('abort', () => reject(new Error('aborted')));
  });
  const { calls, fetchImpl } = scriptedFetch(hang);
  const client = createServerClient({ fetchImpl, getConfig: async () => config, retries: 2, backoffMs: 1 });
  await assert.rejects(client.check({ text: 'x' }, { timeoutMs: 30 }), (err) => err.state === 'error' && err.code === 'timeout');
  assert.equal(calls.length, 1);
});

test('a 503 saying the server\'s files are broken is not retried', async () => {
  for (const code of ['token_unreadable', 'terms_unreadable', 'terms_unwritable']) {
    const { calls, fetchImpl } = scriptedFetch(json(503, { error: { code, message: 'Repair it.' } }));
    const client = createServerClient({ fetchImpl, getConfig: async () => config, backoffMs: 1 });
    await assert.rejects(client.getTerms(), (err) => err.code === code && err.status === 503);
    assert.equal(calls.length, 1, code);
  }
});

test('a superseded request is cancelled, not reported as an error', async () => {
  const hang = (url, init) => new Promise((resolve, reject) => {
    init.signal.addEventListener('abort', () => reject(new Error('aborted')));
  });
  const { fetchImpl } = scriptedFetch(hang);
  const client = createServerClient({ fetchImpl, getConfig: async () => config });
  // Aborted before the request went out (while the settings were read) ...
  const early = new AbortController();
  const pending = client.check({ text: 'x' }, { signal: early.signal });
  early.abort();
  const started = Date.now();
  await assert.rejects(pending, (err) => err.state === 'cancelled');
  assert.ok(Date.now() - started < 1000, 'an aborted request must not wait for its timeout');
  // ... and while it was in flight.
  const late = new AbortController();
  const inFlight = client.check({ text: 'x' }, { signal: late.signal });
  await new Promise((resolve) => setTimeout(resolve, 5));
  late.abort();
  await assert.rejects(inFlight, (err) => err.state === 'cancelled');
});

test('a bad server address is a clear error', async () => {
  const client = createServerClient({ fetchImpl: refused, getConfig: async () => ({ serverUrl: 'localhost:8765', token: 't' }) });
  await assert.rejects(client.health(), (err) => err.code === 'bad_server_url');
});

test('allowTerm posts one allowed term; the language is da, en or any', async () => {
  const { calls, fetchImpl } = scriptedFetch(json(201, { added: true }));
  const client = createServerClient({ fetchImpl, getConfig: async () => config });
  assert.deepEqual(await client.allowTerm(' Klarsvar ', 'auto'), { added: true });
  assert.equal(calls[0].init.method, 'POST');
  assert.equal(calls[0].url, 'http://127.0.0.1:8765/v1/terms');
  assert.deepEqual(JSON.parse(calls[0].init.body), { term: 'Klarsvar', language: 'any', kind: 'allowed', note: 'Added from the browser extension' });
  assert.equal(allowedTermEntry('x', 'da').language, 'da');
});

test('wellFormed replaces lone surrogates only, keeping pairs and every UTF-16 length', () => {
  const input = { text: 'a\ud800b 😀 \udc00', customer: { name: 'Ma\udbffria' }, list: ['\ud83d'], n: 3 };
  const out = wellFormed(input);
  assert.deepEqual(out, { text: 'a\ufffdb 😀 \ufffd', customer: { name: 'Ma\ufffdria' }, list: ['\ufffd'], n: 3 });
  assert.equal(out.text.length, input.text.length);
});
