'use strict';
// HTTP with node's own fetch; every failure becomes one ActionError naming the URL.
const fs = require('node:fs');
const { Readable } = require('node:stream');
const { pipeline } = require('node:stream/promises');
const { ActionError } = require('./settings');

const TIMEOUT_MS = 120_000;

async function get(url, headers = {}, what = 'downloading') {
  let response;
  try {
    response = await fetch(url, { headers: { 'User-Agent': 'ashiato-action', ...headers }, redirect: 'follow', signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    throw new ActionError(`${what} ${url} failed: ${(error.cause && error.cause.message) || error.message}`);
  }
  if (!response.ok) {
    throw Object.assign(new ActionError(`${what} ${url} failed: HTTP ${response.status}`), { status: response.status });
  }
  return response;
}

async function download(url, file, headers = {}) {
  const response = await get(url, headers);
  try {
    await pipeline(Readable.fromWeb(response.body), fs.createWriteStream(file));
  } catch (error) {
    throw new ActionError(`downloading ${url} failed: ${error.message}`);
  }
}

async function getJson(url, headers = {}) {
  const response = await get(url, headers, 'reading');
  try {
    return await response.json();
  } catch {
    throw new ActionError(`reading ${url} failed: the answer is not JSON`);
  }
}

module.exports = { download, getJson };
