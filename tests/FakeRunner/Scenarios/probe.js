// Required by the fake runner's scenario actions: probe(name, extra) records what a tracer sees of this node process,
// its parent and its grandparent, like probe.sh, into $FAKE_RUNNER_PROBES/$RUNNER_TRACKING_ID/<name>/.
'use strict';
const fs = require('fs');
const path = require('path');

function read(file) {
  try {
    return fs.readFileSync(file);
  } catch {
    return Buffer.alloc(0);
  }
}

function link(file) {
  try {
    return fs.readlinkSync(file) + '\n';
  } catch {
    return '';
  }
}

function parentOf(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

function capture(pid, directory) {
  fs.mkdirSync(directory);
  for (const name of ['stat', 'cmdline', 'environ']) {
    fs.writeFileSync(path.join(directory, name), read(`/proc/${pid}/${name}`));
  }
  fs.writeFileSync(path.join(directory, 'links'), link(`/proc/${pid}/cwd`) + link(`/proc/${pid}/exe`));
}

module.exports = function probe(name, extra) {
  const group = path.join(process.env.FAKE_RUNNER_PROBES, process.env.PROBE_GROUP || process.env.RUNNER_TRACKING_ID || 'no-job');
  const partial = path.join(group, `.${name}.${process.pid}`);
  fs.mkdirSync(partial, { recursive: true });
  const microseconds = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000));
  fs.writeFileSync(path.join(partial, 'time'), `${microseconds / 1000000n}.${String(microseconds % 1000000n).padStart(6, '0')}\n`);
  const parent = parentOf(process.pid);
  capture(process.pid, path.join(partial, 'self'));
  capture(parent, path.join(partial, 'parent'));
  capture(parentOf(parent), path.join(partial, 'grandparent'));
  if (extra !== undefined) {
    fs.writeFileSync(path.join(partial, 'extra.json'), JSON.stringify(extra));
  }
  fs.renameSync(partial, path.join(group, name));
};
