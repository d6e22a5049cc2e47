// The runner's bin/hashFiles, for the fake runner: the worker runs it with its own node in the workspace, the patterns
// (one per line) in $patterns, and reads `__OUTPUT__<sha256>__OUTPUT__` from stderr. The hash is the real algorithm's:
// the sha256 of the concatenated sha256 digests of the matching files, in path order ('' when nothing matches).
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

function toRegExp(glob) {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      source += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') {
      source += '[^/]*';
    } else if (c === '?') {
      source += '[^/]';
    } else {
      source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

function walk(directory, root, files) {
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      walk(full, root, files);
    } else if (entry.isFile()) {
      files.push(path.relative(root, full));
    }
  }
  return files;
}

if (process.env.FAKE_RUNNER_PROBES) {
  require(path.join(process.env.FAKE_RUNNER_PROBES, 'probe.js'))(`hashFiles-${process.pid}`);
}
const root = process.cwd();
const patterns = (process.env.patterns || '').split('\n').filter(p => p.trim() !== '').map(toRegExp);
const matches = walk(root, root, []).filter(file => patterns.some(p => p.test(file))).sort();
const result = crypto.createHash('sha256');
for (const file of matches) {
  result.update(crypto.createHash('sha256').update(fs.readFileSync(path.join(root, file))).digest());
}
process.stderr.write(`__OUTPUT__${matches.length === 0 ? '' : result.digest('hex')}__OUTPUT__\n`);
