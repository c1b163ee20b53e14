'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { createServerClient, ServerError, withAllowedTerm } = require('../../extension/background/client.js');

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

test('a hanging server times out and is reported offline', async () => {
  const hang = (url, init) => new Promise((resolve, reject) => {
    init.signal.addEventListener('abort', () => reject(new Error('aborted')));
  });
  const { fetchImpl } = scriptedFetch(hang);
  const client = createServerClient({ fetchImpl, getConfig: async () => config, retries: 0 });
  await assert.rejects(client.check({ text: 'x' }, { timeoutMs: 30 }), (err) => err.state === 'offline' && err.code === 'timeout');
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

test('withAllowedTerm adds an allowed term once, keeping the list shape', () => {
  const list = [{ term: '2nd level', replacement: 'en specialist', language: 'da', kind: 'internal' }];
  // The team's own internal term for the same word turns into an allowed one (no duplicate entry).
  assert.deepEqual(withAllowedTerm(list, '2nd Level', 'da'), [{ term: '2nd level', language: 'da', kind: 'allowed', note: 'Added from the browser extension' }]);
  const added = withAllowedTerm(list, ' Klarsvar ', 'da');
  assert.deepEqual(added[1], { term: 'Klarsvar', language: 'da', kind: 'allowed', note: 'Added from the browser extension' });
  assert.equal(withAllowedTerm(added, 'klarsvar', 'da'), null);
  assert.equal(withAllowedTerm(list, 'x', 'auto')[1].language, 'any');
  assert.deepEqual(withAllowedTerm({ terms: [] }, 'x', 'en'), { terms: [{ term: 'x', language: 'en', kind: 'allowed', note: 'Added from the browser extension' }] });
});
