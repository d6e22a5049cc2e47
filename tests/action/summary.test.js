'use strict';
// The pure parts of the action: inputs, the fail-on decision and the job summary's Markdown.
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const { readSettings } = require('../../action/lib/settings');
const { renderSummary, failOnMet } = require('../../action/lib/report');

const trace = { events: 120, dropped: 0 };
const steps = [
  { step: 0, kind: 'runner', exit_code: 0, processes: 2, hosts: [], files_opened: 3, files_written: 1 },
  { step: 2, kind: 'action', name: 'changed-files', action: 'evil-org/changed-files@v45', exit_code: 0, processes: 1, hosts: ['a.example', 'b|c'], files_opened: 9, files_written: 0 },
];
const high = { rule: 'runner-worker-memory', title: 'Runner.Worker memory read', severity: 'high', summary: 'node read /proc/42/mem', pid: 77, step: 2, step_name: 'changed-files', action: 'evil-org/changed-files@v45' };
const low = { ...high, rule: 'x', title: 'Something odd', severity: 'low' };

describe('inputs', () => {
  it('defaults: fail on the action\'s own errors, never on findings', () => {
    const settings = readSettings({});
    assert.equal(settings.onError, 'fail');
    assert.equal(settings.failOn, '');
    assert.match(settings.downloadUrl, /ashiato-0\.1\.0-linux-x64\.tar\.gz$/);
  });

  it('each bad input gets one message naming it', () => {
    assert.throws(() => readSettings({ 'INPUT_FAIL-ON': 'critical' }), /fail-on must be low, medium or high, not 'critical'/);
    assert.throws(() => readSettings({ 'INPUT_ON-ERROR': 'ignore' }), /on-error must be fail or warn, not 'ignore'/);
    assert.throws(() => readSettings({ INPUT_SERVER: 'http://console:8080' }), /server needs a token/);
    assert.throws(() => readSettings({ INPUT_SHA256: 'abc' }), /sha256 must be 64 hexadecimal digits/);
    assert.throws(() => readSettings({ 'INPUT_BASELINE-JOBS': '-1' }), /baseline-jobs must be a whole number from 0 to 100/);
  });

  it('an error in another input still follows on-error: warn', () => {
    assert.throws(() => readSettings({ 'INPUT_ON-ERROR': 'warn', 'INPUT_FAIL-ON': 'x' }), (error) => error.settings.onError === 'warn');
  });
});

describe('fail-on', () => {
  it('is met by a finding at least as severe, never when empty', () => {
    assert.equal(failOnMet('high', [low]), false);
    assert.equal(failOnMet('low', [low]), true);
    assert.equal(failOnMet('medium', [low, high]), true);
    assert.equal(failOnMet('', [high]), false);
  });
});

describe('the job summary', () => {
  const model = { version: '0.1.0', mode: 'agent', agentEnd: 'stopped', trace, steps, findings: [low, high], newHosts: null, jobUrl: '', failOn: 'high', problems: [] };

  it('puts the most severe finding first, marked red, and says why the job fails', () => {
    const markdown = renderSummary(model);
    assert.match(markdown, /^## 👣 Ashiato: 🔴 2 findings, the most severe high\n/);
    assert.match(markdown, /This job fails: a finding is at least `high`/);
    const rows = markdown.split('\n').filter((line) => line.startsWith('| 🔴') || line.startsWith('| 🟡'));
    assert.deepEqual(rows.map((row) => row.slice(0, 4)), ['| 🔴', '| 🟡']);
    assert.match(rows[0], /\| changed-files \(evil-org\/changed-files@v45\) \| pid 77 \| node read \/proc\/42\/mem \|$/);
  });

  it('escapes table cells and lists hosts per step', () => {
    const markdown = renderSummary(model);
    assert.match(markdown, /\| 2 \| changed-files \| action \| evil-org\/changed-files@v45 \| 0 \| 1 \| `a\.example`, `b\\\|c` \| 9 \| 0 \|/);
    assert.match(markdown, /\| 0 \| runner \(housekeeping\) \|/);
  });

  it('says so when nothing matched, when events were dropped, and when the tracer died', () => {
    const markdown = renderSummary({ ...model, findings: [], agentEnd: 'gone', trace: { events: 10, dropped: 3 }, failOn: '' });
    assert.match(markdown, /^## 👣 Ashiato: ✅ no findings/);
    assert.match(markdown, /✅ No findings/);
    assert.match(markdown, /\*\*3 dropped\*\*: the trace is incomplete/);
    assert.match(markdown, /The tracer stopped before the end of the job/);
  });

  it('lists new hosts against the console baseline', () => {
    const markdown = renderSummary({ ...model, newHosts: { baselines: 3, hosts: ['evil.example'] }, jobUrl: 'http://c/#/jobs/1' });
    assert.match(markdown, /### New hosts \(against the last 3 jobs on the console\)\n\n- `evil\.example`/);
    assert.match(markdown, /On the console: http:\/\/c\/#\/jobs\/1/);
  });
});
