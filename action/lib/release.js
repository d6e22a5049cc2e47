'use strict';
// Downloads the pinned release, checks its SHA-256 and unpacks it: node's own http(s), crypto and the system's tar.
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { execFileSync } = require('node:child_process');
const { ActionError } = require('./settings');
const { download } = require('./http');

/** Checksums of published releases, pinned in the action so that a download is checked against what was released. */
const PINNED = require('../releases.json');

/** Downloads url into file; a missing release gets a message that says what to check. */
async function downloadRelease(url, file) {
  try {
    await download(url, file);
  } catch (error) {
    if (error.status === 404) {
      throw new ActionError(`the release is not at ${url} (HTTP 404): check the version and download-url inputs`);
    }
    throw error;
  }
}

function sha256Of(file) {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** The first field of a sha256sum line ("<hex>  <name>"). */
function parseChecksumFile(text, url) {
  const match = /^([0-9a-fA-F]{64})\b/.exec(text.trim());
  if (!match) {
    throw new ActionError(`${url} is not a SHA-256 checksum file`);
  }
  return match[1].toLowerCase();
}

/**
 * The checksum the download must have, strongest source first: the sha256 input, the one pinned in this action for
 * the version, else the .sha256 published beside the tarball (which proves the download intact, not authentic).
 */
async function expectedChecksum(settings, directory, log) {
  if (settings.sha256) {
    return settings.sha256;
  }
  if (PINNED[settings.version]) {
    return PINNED[settings.version];
  }
  const url = `${settings.downloadUrl}.sha256`;
  const file = path.join(directory, 'release.sha256');
  await downloadRelease(url, file);
  log.info(`checksum from ${url}; pin it with the sha256 input to check that the download is the release you reviewed`);
  return parseChecksumFile(fs.readFileSync(file, 'utf8'), url);
}

/** Downloads, checks and unpacks the release into directory; returns the path of its ashiato executable. */
async function install(settings, directory, log) {
  fs.mkdirSync(directory, { recursive: true });
  const tarball = path.join(directory, 'release.tar.gz');
  const started = Date.now();
  log.info(`downloading Ashiato ${settings.version} from ${settings.downloadUrl}`);
  await downloadRelease(settings.downloadUrl, tarball);
  const expected = await expectedChecksum(settings, directory, log);
  const actual = sha256Of(tarball);
  if (actual !== expected) {
    throw new ActionError(`checksum mismatch for ${settings.downloadUrl}: expected ${expected}, got ${actual}; ` +
      'the download is corrupt or not the release that was pinned, so it was not run');
  }
  const target = path.join(directory, 'release');
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target);
  try {
    execFileSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1', '--no-same-owner'], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    throw new ActionError(`unpacking ${settings.downloadUrl} failed: ${String(error.stderr || error.message).trim()}`);
  }
  fs.rmSync(tarball);
  const executable = path.join(target, 'ashiato');
  if (!fs.existsSync(executable)) {
    throw new ActionError(`${settings.downloadUrl} is not an Ashiato release: it has no ashiato executable`);
  }
  log.info(`installed in ${target} (sha256 ${actual}, ${Date.now() - started} ms)`);
  return executable;
}

module.exports = { install, parseChecksumFile };
