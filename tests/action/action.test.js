'use strict';
// The action's pre, main and post run by the fake runner (tests/FakeRunner) as the real runner runs them: node
// children of Runner.Worker with INPUT_*, GITHUB_* and RUNNER_* variables and the GITHUB_STATE, GITHUB_OUTPUT and
// GITHUB_STEP_SUMMARY files, installing the release tarball from a local HTTP server, and tracing for real (root,
// eBPF). Run with: node --test tests/action/
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const harness = require('./support/harness');
const { validate } = require('./support/json-schema');

const SARIF_SCHEMA = JSON.parse(fs.readFileSync(
  path.join(harness.REPO, 'tests', 'Ashiato.Analysis.Tests', 'Schemas', 'sarif-schema-2.1.0.json'), 'utf8'));
const MALICIOUS_STEP = { type: 'action', id: 'changed-files', uses: 'evil-org/changed-files@v45', with: { files: 'src/**' } };
const BENIGN_STEP = { type: 'run', name: 'Build', run: 'echo building > build.log\ncat build.log\nls -la' };

/** The job's result, with its step output and the end of the worker's log to say why when it is not the expected one. */
function assertResult(job, expected) {
  assert.equal(job.result.result, expected, `${job.log}\n${job.workerLog.slice(-4000)}`);
}

// The jobs that trace run one after another (the console tests build on each other); the failure cases, which start
// no tracer, run beside them, all at once: the suite takes about as long as the tracing jobs.
describe('the GitHub Action on a fake runner', { concurrency: 2 }, () => {
  let scratch;
  let release;
  let server;
  let actionDirectory;
  const goodUrl = () => `${server.url}/good/ashiato-{version}-linux-x64.tar.gz`;

  before(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ashiato-action-test-'));
    release = harness.buildRelease(path.join(scratch, 'dist'));
    server = await harness.serveRelease(release);
    actionDirectory = harness.stageAction(path.join(scratch, 'action'));
  });

  after(async () => {
    await server?.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  function run(inputs, steps, env = {}) {
    return harness.runJob(harness.jobWith({ 'download-url': goodUrl(), version: release.version, ...inputs }, steps), { actionDirectory, env });
  }

  describe('tracing a job', () => {
    let consoleServer;

    before(async () => {
      consoleServer = await harness.startConsole(release, path.join(scratch, 'console'));
    });

    after(async () => {
      await consoleServer?.stop();
    });

    it('a step that reads Runner.Worker memory turns the findings red and fails the job with fail-on: high', async () => {
      const job = await run({ 'fail-on': 'high' }, [MALICIOUS_STEP]);
      try {
        assertResult(job, 'Failed');
        assert.match(job.summary, /## 👣 Ashiato: 🔴 \d+ findings?, the most severe high/);
        assert.match(job.summary, /\| 🔴 \| \*\*high\*\* \|[^\n]*changed-files/, job.summary);
        assert.match(job.summary, /This job fails: a finding is at least `high`/);
        assert.match(job.log, /::error title=Ashiato::high: [^\n]*changed-files/);
        assert.match(job.log, /failing the job: \d+ finding\(s\), at least one high or worse \(fail-on: high\)/);
        assert.ok(Number(job.outputs.findings) >= 1, JSON.stringify(job.outputs));

        const sarif = JSON.parse(fs.readFileSync(job.outputs['sarif-file'], 'utf8'));
        assert.deepEqual(validate(SARIF_SCHEMA, sarif), []);
        assert.ok(sarif.runs[0].results.some((result) => result.level === 'error'), 'a high finding is a SARIF error');

        const records = harness.readTrace(job.outputs['trace-file']);
        const worker = records.find((record) => record.type === 'runner_job');
        assert.ok(worker, 'the trace holds the job');
        assert.equal(job.result.workerPid, worker.worker_pid);
        const last = records.filter((record) => record.type === 'tracer_stats').pop();
        assert.equal(last.final, true, 'the post step stopped the tracer with SIGTERM, and it closed the trace');
        assert.doesNotMatch(job.summary, /⚠️ The tracer/);
      } finally {
        job.dispose();
      }
    });

    it('a benign job shows its steps and no findings; the report action uploads it and hands the SARIF file on', async () => {
      const reportStep = {
        type: 'action', id: 'report', uses: harness.REPORT_REF,
        with: { 'fail-on': 'low', server: consoleServer.url, token: consoleServer.token, 'baseline-jobs': '5' },
      };
      const useSarif = { type: 'run', name: 'Upload SARIF', run: 'test -s "$RUNNER_TEMP/ashiato/ashiato.sarif"' };
      const job = await run({}, [BENIGN_STEP, reportStep, useSarif]);
      try {
        assertResult(job, 'Succeeded');
        assert.match(job.summary, /## 👣 Ashiato: ✅ no findings/);
        assert.match(job.summary, /✅ No findings/);
        assert.doesNotMatch(job.summary, /🔴|🟠|🟡/);
        assert.match(job.summary, /\| \d+ \| __run \| run \| {2}\| 0 \| [1-9]\d* \|/, job.summary);
        assert.match(job.summary, /### Tracer\n\n- Ashiato [^\n]*events, none dropped/);
        assert.match(job.log, /Ashiato reported this job in an earlier step/);
        assert.equal(job.outputs.findings, '0');
        const sarif = JSON.parse(fs.readFileSync(job.outputs['sarif-file'], 'utf8'));
        assert.deepEqual(validate(SARIF_SCHEMA, sarif), []);
        assert.deepEqual(sarif.runs[0].results, []);

        assert.match(job.outputs['job-url'], new RegExp(`^${consoleServer.url}/#/jobs/\\S+$`));
        assert.match(job.summary, new RegExp(`On the console: ${consoleServer.url}/#/jobs/`));
        assert.doesNotMatch(job.summary, /### New hosts/, 'no earlier job: no baseline');
        const printed = job.log.split('\n').filter((line) => line.includes(consoleServer.token));
        assert.ok(printed.every((line) => line.includes('::add-mask::')), 'the token is only ever printed to be masked');
      } finally {
        job.dispose();
      }
    });

    it('with a console, a host that no earlier job reached is listed as new', async () => {
      // A step that connects to the release server: a loopback host the benign job before never reached.
      const connect = { type: 'run', name: 'Phone home', shell: 'bash', run: `exec 3<>/dev/tcp/127.0.0.1/${new URL(server.url).port}` };
      const job = await run({ server: consoleServer.url, token: consoleServer.token, 'baseline-jobs': '5' }, [BENIGN_STEP, connect]);
      try {
        assertResult(job, 'Succeeded');
        assert.match(job.summary, /### New hosts \(against the last 1 job on the console\)\n\n- `127\.0\.0\.1`/, job.summary);
      } finally {
        job.dispose();
      }
    });

    it('a tracer killed by a step is reported, and with on-error: warn the job goes on', async () => {
      // Once the tracer has flushed this job's first records (its worker is this step's parent), as an attacker
      // would not wait for, but then the report has a trace to show the gap in.
      const kill = {
        type: 'run', name: 'Kill the tracer', shell: 'bash',
        run: 'for _ in $(seq 300); do zcat "$RUNNER_TEMP"/ashiato/traces/*.jsonl.gz 2>/dev/null | grep -q "\\"worker_pid\\":$PPID\\b" && break; sleep 0.1; done\n' +
          'sudo -n kill -9 "$(cat "$RUNNER_TEMP/ashiato/agent.pid")"',
      };
      const job = await run({ 'on-error': 'warn' }, [kill, BENIGN_STEP]);
      try {
        assertResult(job, 'Succeeded');
        assert.match(job.log, /::warning title=Ashiato::the tracer \(pid \d+\) stopped before the end of the job/);
        assert.match(job.summary, /The tracer stopped before the end of the job/);
      } finally {
        job.dispose();
      }
    });
  });

  describe('failures of the action itself', { concurrency: true }, () => {
    function noSudoPath() {
      const directory = path.join(scratch, 'no-sudo');
      fs.mkdirSync(directory, { recursive: true });
      fs.writeFileSync(path.join(directory, 'sudo'), '#!/bin/sh\necho "sudo: a password is required" >&2\nexit 1\n', { mode: 0o755 });
      return directory;
    }

    const cases = [
      {
        name: 'a checksum mismatch',
        inputs: () => ({ 'download-url': `${server.url}/bad-checksum/ashiato-{version}-linux-x64.tar.gz` }),
        message: /checksum mismatch for http:\/\/127\.0\.0\.1:\d+\/bad-checksum\/\S+: expected 0{64}, got [0-9a-f]{64}/,
      },
      {
        name: 'a release that is not found',
        inputs: () => ({ version: '9.9.9' }),
        message: /the release is not at http:\/\/127\.0\.0\.1:\d+\/good\/ashiato-9\.9\.9-linux-x64\.tar\.gz \(HTTP 404\): check the version and download-url inputs/,
      },
      {
        name: 'no sudo',
        // A sudo that refuses, as on a runner whose user has no passwordless sudo.
        env: () => ({ PATH: `${noSudoPath()}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin` }),
        message: /loading eBPF programs needs root, and passwordless sudo is not available to this job \(sudo -n true: sudo: a password is required\)/,
      },
      {
        name: 'no BTF',
        // The action's BTF check, pointed at a missing file (a test-only variable): the kernel here has BTF.
        env: () => ({ ASHIATO_ACTION_BTF_PATH: '/nonexistent/btf/vmlinux' }),
        message: /this runner's kernel has no BTF \(\/nonexistent\/btf\/vmlinux is missing\)/,
      },
    ];

    for (const bad of cases) {
      it(`${bad.name}: one clear message, and with on-error: warn the job goes on untraced`, async () => {
        const job = await run({ 'on-error': 'warn', ...(bad.inputs ? bad.inputs() : {}) }, [BENIGN_STEP], bad.env ? bad.env() : {});
        try {
          assertResult(job, 'Succeeded');
          assert.match(job.log, new RegExp(`::warning title=Ashiato::${bad.message.source}`));
          assert.match(job.log, /Ashiato was not tracing this job \(/);
          assert.doesNotMatch(job.log, /\n\s+at \S+ \(/, 'no stack trace');
          assert.equal(job.summary, '');
        } finally {
          job.dispose();
        }
      });
    }

    it('with on-error: fail, a bad download fails the job with the same message', async () => {
      const job = await run({ 'download-url': `${server.url}/bad-checksum/ashiato-{version}-linux-x64.tar.gz` }, [BENIGN_STEP]);
      try {
        assertResult(job, 'Failed');
        assert.match(job.log, /::error title=Ashiato::checksum mismatch for /);
      } finally {
        job.dispose();
      }
    });
  });
});
