'use strict';
// The action's three stages. pre installs the release and starts the tracer before any other step; main only checks
// on it (and starts it when there was no pre, as for a local `./` action); post stops it and reports. What pre
// learned is kept in a state file in the job's RUNNER_TEMP, found through the runner's STATE_directory.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ActionError, readSettings } = require('./settings');
const runner = require('./runner');
const { install } = require('./release');
const { checkPrerequisites, findWorker, startAgent, stopAgent, isRunning, tail } = require('./agent');
const { traceOfJob } = require('./trace');
const { analyze, renderSummary, failOnMet } = require('./report');
const consoleApi = require('./console');

const { log } = runner;
const STATE_FILE = 'state.json';

function jobDirectory(env) {
  return runner.state('directory', env) || path.join(env.RUNNER_TEMP || os.tmpdir(), 'ashiato');
}

function loadState(directory) {
  try {
    return JSON.parse(fs.readFileSync(path.join(directory, STATE_FILE), 'utf8'));
  } catch {
    return null;
  }
}

function writeState(directory, state) {
  fs.writeFileSync(path.join(directory, `${STATE_FILE}.tmp`), JSON.stringify(state, null, 2));
  fs.renameSync(path.join(directory, `${STATE_FILE}.tmp`), path.join(directory, STATE_FILE));
}

/** A failure of the action itself: fails the step, or with on-error: warn only warns and lets the job go on. */
function reportError(error, onError) {
  const message = error instanceof ActionError ? error.message : `unexpected failure: ${error.stack || error}`;
  if (onError === 'warn') {
    log.warning(`${message}\n(on-error: warn, so the job goes on)`);
  } else {
    log.error(message);
    process.exitCode = 1;
  }
}

async function start(settings, env) {
  const directory = jobDirectory(env);
  fs.mkdirSync(directory, { recursive: true });
  runner.saveState('directory', directory, env);
  writeState(directory, { status: 'starting' });
  try {
    checkPrerequisites(env);
    const worker = findWorker();
    const started = Date.now();
    const executable = await install(settings, directory, log);
    const labels = [['repository', env.GITHUB_REPOSITORY], ['run_id', env.GITHUB_RUN_ID], ['job', env.GITHUB_JOB]]
      .filter(([, value]) => value).map(([key, value]) => `${key}=${value}`);
    const agent = await startAgent(executable, worker, directory, labels);
    writeState(directory, { status: 'tracing', version: settings.version, executable, worker, agent });
    log.info(`Ashiato ${settings.version} is tracing this job: ${agent.mode === 'agent' ? 'ashiato agent' : 'ashiato trace --pid'} ` +
      `(pid ${agent.pid}) attached to Runner.Worker ${worker}, ${Date.now() - started} ms after the download began`);
  } catch (error) {
    writeState(directory, { status: 'failed', message: error.message });
    throw error;
  }
}

async function pre(env = process.env) {
  await start(readSettings(env), env);
}

async function main(env = process.env) {
  const settings = readSettings(env);
  const state = loadState(jobDirectory(env));
  if (!state) {
    // No pre stage ran (a local action has none): start now; steps before this one are not traced.
    await start(settings, env);
    return;
  }
  if (state.status === 'tracing' && !isRunning(state.agent)) {
    throw new ActionError(`the tracer (pid ${state.agent.pid}) is no longer running; its log:\n${tail(state.agent.log)}`);
  }
  if (state.status === 'tracing') {
    log.info(`Ashiato is tracing this job (pid ${state.agent.pid}); the report comes in this action's post step`);
  }
}

/** The post stage: reports, unless the report action (report/) did already. */
async function post(env = process.env) {
  const state = loadState(jobDirectory(env));
  if (state && state.status === 'reported') {
    log.info('Ashiato reported this job in an earlier step (ashiato/report): nothing more to do');
    return;
  }
  await report(env);
}

/** Stops the tracer and reports: the job summary, the SARIF file, the outputs, the console, fail-on. */
async function report(env = process.env) {
  const settings = readSettings(env);
  const directory = jobDirectory(env);
  const state = loadState(directory);
  if (!state || state.status !== 'tracing') {
    log.info(`Ashiato was not tracing this job${state && state.message ? ` (${state.message.split('\n')[0]})` : ''}: nothing to report`);
    return;
  }
  const problems = [];
  const agentEnd = await stopAgent(state.agent);
  if (agentEnd === 'gone') {
    problems.push(`the tracer (pid ${state.agent.pid}) stopped before the end of the job: a step may have killed it, ` +
      `and what ran after that is not in the trace. Its log:\n${tail(state.agent.log)}`);
  } else if (agentEnd === 'killed') {
    problems.push(`the tracer did not exit within a minute of SIGTERM and was killed; its log:\n${tail(state.agent.log)}`);
  }
  let trace;
  try {
    trace = traceOfJob(state.agent.traces, state.worker, state.agent.mode);
  } catch (error) {
    // Without a trace there is nothing to report but why.
    for (const problem of problems) {
      reportError(new ActionError(problem), settings.onError);
    }
    throw error;
  }
  const sarifFile = path.join(directory, 'ashiato.sarif');
  const { findings, steps } = analyze(state.executable, trace.file, sarifFile);

  let newHosts = null;
  let jobUrl = '';
  if (settings.server) {
    log.mask(settings.token);
    try {
      if (settings.baselineJobs > 0) {
        newHosts = await consoleApi.newHosts(settings, state.executable, trace.file, directory, env);
      }
    } catch (error) {
      problems.push(`the baseline from ${settings.server} could not be read: ${error.message}`);
    }
    try {
      jobUrl = consoleApi.upload(settings, state.executable, trace.file, env);
      log.info(`trace uploaded: ${jobUrl}`);
    } catch (error) {
      problems.push(`the trace could not be uploaded to ${settings.server}: ${error.message}`);
    }
  }

  runner.appendSummary(renderSummary({
    version: state.version, mode: state.agent.mode, agentEnd, trace, steps, findings, newHosts, jobUrl,
    failOn: settings.failOn, problems: problems.map((problem) => problem.split('\n')[0]),
  }), env);
  runner.setOutput('trace-file', trace.file, env);
  runner.setOutput('sarif-file', sarifFile, env);
  runner.setOutput('findings', String(findings.length), env);
  runner.setOutput('job-url', jobUrl, env);
  for (const finding of findings) {
    const where = finding.step_name || finding.action ? ` (step: ${finding.step_name || finding.action})` : '';
    const annotate = finding.severity === 'high' ? log.error : log.warning;
    annotate(`${finding.severity}: ${finding.title || finding.rule}${where}: ${finding.summary}`);
  }
  writeState(directory, { ...state, status: 'reported' });
  for (const problem of problems) {
    reportError(new ActionError(problem), settings.onError);
  }
  if (failOnMet(settings.failOn, findings)) {
    log.error(`failing the job: ${findings.length} finding(s), at least one ${settings.failOn} or worse (fail-on: ${settings.failOn})`);
    process.exitCode = 1;
  }
}

/** Runs a stage; its failures are reported per on-error, as one message. */
async function runStage(stage, env = process.env) {
  try {
    await stage(env);
  } catch (error) {
    let onError = 'fail';
    try {
      onError = readSettings(env).onError;
    } catch (settingsError) {
      onError = (settingsError.settings && settingsError.settings.onError) || 'fail';
    }
    reportError(error, onError);
  }
}

module.exports = { pre, main, post, report, runStage };
