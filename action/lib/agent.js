'use strict';
// Starts the tracer as root outside the job's process tree, waits until it is attached, and stops it so that it
// flushes. The runner kills a job's leftover processes by RUNNER_TRACKING_ID at "Complete job": the agent is started
// through sudo with a cleared environment, by setsid --fork (its own session, reparented away from the worker), and
// moved into its own cgroup when the machine allows, so neither that nor a stop of the runner's service ends it.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { ActionError } = require('./settings');
const { pollUntil } = require('./poll');

const BTF_PATH = '/sys/kernel/btf/vmlinux';
const SAFE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const READY_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 60_000;

/**
 * Runs in the new session as root: joins its own cgroup (best effort: a container may not allow it), records its pid
 * for the post step, and becomes the tracer.
 */
const LAUNCH_SCRIPT = [
  'pidfile=$1; log=$2; shift 2',
  'if mkdir -p /sys/fs/cgroup/ashiato 2>/dev/null; then echo $$ > /sys/fs/cgroup/ashiato/cgroup.procs 2>/dev/null || true; fi',
  'echo $$ > "$pidfile.tmp" && mv "$pidfile.tmp" "$pidfile"',
  'exec "$@" </dev/null >>"$log" 2>&1',
].join('\n');

/** The files of one agent under the action's directory. */
function agentFiles(directory) {
  return {
    pidFile: path.join(directory, 'agent.pid'),
    log: path.join(directory, 'agent.log'),
    ready: path.join(directory, 'agent.ready'),
    traces: path.join(directory, 'traces'),
  };
}

function onPath(program, env = process.env) {
  return (env.PATH || '').split(':').some((dir) => dir && fs.existsSync(path.join(dir, program)));
}

/** argv run as root: through `sudo -n` (never a password prompt), or as is when this is root without sudo. */
function asRoot(argv) {
  return process.getuid() === 0 && !onPath('sudo') ? argv : ['sudo', '-n', ...argv];
}

function run(argv) {
  const result = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const output = `${result.stderr || ''}${result.stdout || ''}`.trim() || (result.error ? result.error.message : '');
  return { ok: result.status === 0, output };
}

/** What loading eBPF programs needs, checked before anything is downloaded, each with one sentence of why. */
function checkPrerequisites(env = process.env) {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new ActionError(`Ashiato traces Linux x86-64 runners; this one is ${process.platform}/${process.arch}`);
  }
  // For tests only: simulates a kernel without BTF. A real kernel's BTF is always at BTF_PATH.
  const btf = env.ASHIATO_ACTION_BTF_PATH || BTF_PATH;
  if (!fs.existsSync(btf)) {
    throw new ActionError(`this runner's kernel has no BTF (${btf} is missing): the tracer needs a kernel built with ` +
      "CONFIG_DEBUG_INFO_BTF=y, as GitHub's Ubuntu runners are");
  }
  const sudo = run(asRoot(['true']));
  if (!sudo.ok) {
    throw new ActionError('loading eBPF programs needs root, and passwordless sudo is not available to this job ' +
      `(sudo -n true: ${sudo.output || 'failed'}); on a self-hosted runner, run the agent as a service instead ` +
      '(docs/github-actions.md)');
  }
}

/** The job's Runner.Worker: the parent of this node process, as the runner starts every step. */
function findWorker(pid = process.ppid) {
  for (let current = pid, depth = 0; current > 1 && depth < 8; depth++) {
    if (readComm(current) === 'Runner.Worker') {
      return current;
    }
    current = parentOf(current);
  }
  throw new ActionError('no Runner.Worker above this step: the action must run as a step of a GitHub Actions job');
}

function readComm(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return null;
  }
}

/** Fields of /proc/<pid>/stat after the command name (which may hold spaces and parentheses). */
function statFields(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

function parentOf(pid) {
  const fields = statFields(pid);
  return fields ? Number(fields[1]) : 0;
}

/** Start time in clock ticks since boot: with the pid, it names one process even after the pid is reused. */
function startTimeOf(pid) {
  const fields = statFields(pid);
  return fields && fields[0] !== 'Z' ? fields[19] : null;
}

function isRunning(agent) {
  return startTimeOf(agent.pid) === agent.startTime;
}

function tail(file, lines = 15) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * The command that traces the job. `ashiato agent` writes one trace per job and says when it is attached with
 * --ready-file; a release without it falls back to `ashiato trace --pid <worker>`, which is attached once its trace
 * holds its first flushed records.
 */
function tracerCommand(executable, workerPid, files, labels) {
  // The root help lists the commands; an unknown command's --help would print the root help and exit 0.
  const help = spawnSync(executable, ['--help'], { encoding: 'utf8' }).stdout || '';
  const hasAgent = /^\s+agent\b/m.test(help);
  if (hasAgent) {
    return {
      mode: 'agent',
      // Host activity outside the job is not this job's: a hosted runner runs one job, and it is not reported.
      argv: [executable, 'agent', '--out', files.traces, '--ready-file', files.ready, '--drop-host-activity',
        ...labels.flatMap((label) => ['--label', label])],
      isReady: () => fs.existsSync(files.ready),
    };
  }
  const trace = path.join(files.traces, 'trace.jsonl.gz');
  return {
    mode: 'trace',
    argv: [executable, 'trace', '--pid', String(workerPid), '-o', trace],
    isReady: () => fs.existsSync(trace) && fs.statSync(trace).size > 0,
  };
}

/** Starts the tracer and waits until it is attached; returns what the post step needs to stop it. */
async function startAgent(executable, workerPid, directory, labels) {
  const files = agentFiles(directory);
  fs.mkdirSync(files.traces, { recursive: true });
  for (const file of [files.pidFile, files.ready]) {
    fs.rmSync(file, { force: true });
  }
  const command = tracerCommand(executable, workerPid, files, labels);
  const launch = run(asRoot(['env', '-i', `PATH=${SAFE_PATH}`, 'HOME=/root', 'LANG=C.UTF-8',
    'setsid', '--fork', 'sh', '-c', LAUNCH_SCRIPT, 'ashiato-launch', files.pidFile, files.log, ...command.argv]));
  if (!launch.ok) {
    throw new ActionError(`starting the tracer as root failed: ${launch.output}`);
  }
  const pid = await pollUntil(() => (fs.existsSync(files.pidFile) ? Number(fs.readFileSync(files.pidFile, 'utf8')) : null), 10_000,
    () => new ActionError(`the tracer did not start within 10 s; its log:\n${tail(files.log)}`));
  const agent = { pid, startTime: startTimeOf(pid), mode: command.mode, ...files };
  await pollUntil(() => {
    if (command.isReady()) {
      return true;
    }
    if (!isRunning(agent)) {
      throw new ActionError(`the tracer exited before it was attached; its log:\n${tail(files.log)}`);
    }
    return null;
  }, READY_TIMEOUT_MS, () => {
    stopProcess(agent, 'KILL');
    return new ActionError(`the tracer was not attached after ${READY_TIMEOUT_MS / 1000} s; its log:\n${tail(files.log)}`);
  });
  return agent;
}

function stopProcess(agent, signal) {
  return run(asRoot(['kill', `-${signal}`, String(agent.pid)]));
}

/**
 * Stops the tracer with SIGTERM: it closes each job's trace with a final record and flushes. Returns how it ended:
 * 'stopped', 'killed' (it did not exit in time; the trace holds what was flushed) or 'gone' (it had died before).
 */
async function stopAgent(agent) {
  if (!isRunning(agent)) {
    return 'gone';
  }
  stopProcess(agent, 'TERM');
  try {
    await pollUntil(() => (isRunning(agent) ? null : true), STOP_TIMEOUT_MS, () => new Error('timeout'));
    return 'stopped';
  } catch {
    stopProcess(agent, 'KILL');
    return 'killed';
  }
}

module.exports = { checkPrerequisites, findWorker, startAgent, stopAgent, isRunning, agentFiles, tail };
