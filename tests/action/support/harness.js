'use strict';
// What the action's tests need: the release tarball (scripts/release.sh, cached by source hash), a local HTTP server
// that serves it as a release host would, a copy of the action as the runner downloads it, and jobs run on the fake
// runner (tests/FakeRunner, through its fake-runner command) with the runner's files read back afterwards.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');
const zlib = require('node:zlib');
const { execFileSync, execFile, spawn } = require('node:child_process');
const { pollUntil } = require('../../../action/lib/poll');

const REPO = path.resolve(__dirname, '..', '..', '..');
const ACTION_REF = 'ashiato-dev/ashiato@v1';
const REPORT_REF = 'ashiato-dev/ashiato/report@v1';
const FAKE_RUNNER = process.env.FAKE_RUNNER_CLI
  || path.join(REPO, 'tests', 'FakeRunner', 'FakeRunner.Cli', 'bin', 'Release', 'net10.0', 'linux-x64', 'fake-runner');

/** Builds (or takes from the cache) the release; returns { tarball, name, version, sha256 }. */
function buildRelease(out) {
  const tarball = execFileSync(path.join(REPO, 'scripts', 'release.sh'), ['--out', out], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
    .trim().split('\n').pop();
  const name = path.basename(tarball);
  const version = /^ashiato-(.+)-linux-x64\.tar\.gz$/.exec(name)[1];
  const sha256 = fs.readFileSync(`${tarball}.sha256`, 'utf8').split(/\s+/)[0];
  return { tarball, name, version, sha256 };
}

/**
 * Serves the release at /good/<name> (with its .sha256), at /bad-checksum/<name> a download whose .sha256 does not match,
 * and 404 for everything else. Resolves to { url, close }.
 */
function serveRelease(release) {
  const body = fs.readFileSync(release.tarball);
  const routes = new Map([
    [`/good/${release.name}`, body],
    [`/good/${release.name}.sha256`, Buffer.from(`${release.sha256}  ${release.name}\n`)],
    // A corrupt download: what it holds does not matter, only that its checksum is not the published one.
    [`/bad-checksum/${release.name}`, Buffer.from('not the release')],
    [`/bad-checksum/${release.name}.sha256`, Buffer.from(`${'0'.repeat(64)}  ${release.name}\n`)],
  ]);
  const server = http.createServer((request, response) => {
    const content = routes.get(request.url);
    response.writeHead(content ? 200 : 404, { 'Content-Type': 'application/octet-stream' });
    response.end(content || 'not found');
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({
      url: `http://127.0.0.1:${server.address().port}`,
      close: () => new Promise((done) => server.close(done)),
    }));
  });
}

/** The action as the runner downloads it: action.yml, action/ and the report action (what a release of the action holds). */
function stageAction(directory) {
  fs.mkdirSync(directory, { recursive: true });
  fs.copyFileSync(path.join(REPO, 'action.yml'), path.join(directory, 'action.yml'));
  for (const folder of ['action', 'report']) {
    fs.cpSync(path.join(REPO, folder), path.join(directory, folder), { recursive: true });
  }
  return directory;
}

/** A job of the fake runner's scenario repository: our action first, with inputs, then steps. */
function jobWith(inputs, steps) {
  const base = JSON.parse(fs.readFileSync(path.join(REPO, 'tests', 'FakeRunner', 'Scenarios', 'jobs', 'empty.json'), 'utf8'));
  return { ...base, steps: [{ type: 'action', id: 'ashiato', uses: ACTION_REF, with: inputs }, ...steps] };
}

function readIfExists(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** NAME=value and NAME<<DELIMITER lines of a file command. */
function parseFileCommand(text) {
  const values = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], i + 1);
      values[heredoc[1]] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (lines[i].includes('=')) {
      values[lines[i].slice(0, lines[i].indexOf('='))] = lines[i].slice(lines[i].indexOf('=') + 1);
    }
  }
  return values;
}

/**
 * Runs a job on a new fake runner. Returns { result, summary (every step's GITHUB_STEP_SUMMARY), outputs (every
 * step's GITHUB_OUTPUT), log (every step's output), directory, dispose }.
 */
function runJob(job, { actionDirectory, env = {} }) {
  const jobFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ashiato-action-job-')), 'job.json');
  fs.writeFileSync(jobFile, JSON.stringify(job));
  const args = ['run', '--job', jobFile, '--action', `${ACTION_REF}=${actionDirectory}`,
    ...Object.entries(env).flatMap(([name, value]) => ['--env', `${name}=${value}`])];
  return new Promise((resolve, reject) => {
    execFile(FAKE_RUNNER, args, { encoding: 'utf8', maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      fs.rmSync(path.dirname(jobFile), { recursive: true, force: true });
      if (error) {
        reject(new Error(`fake-runner failed: ${error.message}\n${stderr}`));
        return;
      }
      const run = JSON.parse(stdout);
      const commands = fs.existsSync(run.fileCommands) ? fs.readdirSync(run.fileCommands) : [];
      const read = (prefix) => commands.filter((name) => name.startsWith(prefix)).map((name) => readIfExists(path.join(run.fileCommands, name)));
      const pages = path.join(run.diag, 'pages');
      resolve({
        result: run.result,
        directory: run.directory,
        root: run.root,
        summary: read('step_summary_').join(''),
        outputs: Object.assign({}, ...read('set_output_').map(parseFileCommand)),
        log: (fs.existsSync(pages) ? fs.readdirSync(pages).sort() : []).map((name) => readIfExists(path.join(pages, name))).join('\n'),
        workerLog: fs.readdirSync(run.diag).filter((name) => name.startsWith('Worker_')).map((name) => readIfExists(path.join(run.diag, name))).join('\n'),
        dispose: () => fs.rmSync(run.directory, { recursive: true, force: true }),
      });
    });
  });
}

/**
 * A console (`ashiato serve` of the unpacked release) on a free loopback port with its own data directory. Resolves to
 * { url, token, stop } once it has printed its admin token and address.
 */
function startConsole(release, directory) {
  const unpacked = path.join(directory, 'release');
  fs.mkdirSync(unpacked, { recursive: true });
  execFileSync('tar', ['-xzf', release.tarball, '-C', unpacked, '--strip-components=1']);
  const server = spawn(path.join(unpacked, 'ashiato'), ['serve', '--data', path.join(directory, 'data'), '--listen', '127.0.0.1:0'],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk) => { output += chunk; };
  server.stdout.on('data', collect);
  server.stderr.on('data', collect);
  return new Promise((resolve, reject) => {
    const onExit = (code) => reject(new Error(`the console exited (${code}):\n${output}`));
    server.once('exit', onExit);
    pollUntil(() => {
      const token = /admin token[^:]*: (\S+)/.exec(output);
      const url = /ashiato console on (http:\/\/[^,\s]+)/.exec(output);
      return token && url ? { url: url[1], token: token[1] } : null;
    }, 60_000, () => new Error(`the console did not start:\n${output}`)).then((started) => {
      server.off('exit', onExit);
      resolve({ ...started, stop: () => new Promise((done) => { server.once('exit', done); server.kill('SIGTERM'); }) });
    }, (error) => {
      server.kill();
      reject(error);
    });
  });
}

/** The records of a gzip JSON Lines trace. */
function readTrace(file) {
  return zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

module.exports = { startConsole, REPORT_REF, REPO, buildRelease, serveRelease, stageAction, jobWith, runJob, readTrace };
