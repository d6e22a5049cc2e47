'use strict';
// The Ashiato console, when `server` and `token` are given: earlier jobs of this workflow as a baseline (what hosts
// are new), and the upload of this job's trace. The token reaches `ashiato upload` through its environment only,
// never its argv, and is masked in the log.
const fs = require('node:fs');
const path = require('node:path');
const { download, getJson } = require('./http');
const { ashiato } = require('./report');

/** This job's identity on the console, from the runner's environment. */
function jobMetadata(env = process.env) {
  const run = env.GITHUB_RUN_NUMBER || env.GITHUB_RUN_ID || '';
  return {
    job: `${env.GITHUB_REPOSITORY || 'local'} ${env.GITHUB_WORKFLOW || ''} #${run} ${env.GITHUB_JOB || ''}`.replace(/\s+/g, ' ').trim(),
    repo: env.GITHUB_REPOSITORY || '',
    workflow: env.GITHUB_WORKFLOW || '',
    runId: env.GITHUB_RUN_ID || '',
    sha: env.GITHUB_SHA || '',
  };
}

/**
 * The hosts this trace reached that none of the last `count` traces of the same repository and workflow on the
 * console did: { baselines, hosts }, or null when the console has no earlier job.
 */
async function newHosts(settings, executable, traceFile, directory, env = process.env) {
  const metadata = jobMetadata(env);
  const auth = { Authorization: `Bearer ${settings.token}` };
  const query = new URLSearchParams({ repo: metadata.repo, workflow: metadata.workflow, limit: String(settings.baselineJobs) });
  const list = await getJson(`${settings.server}/api/jobs?${query}`, auth);
  const jobs = (list.jobs || []).slice(0, settings.baselineJobs);
  if (jobs.length === 0) {
    return null;
  }
  const folder = path.join(directory, 'baseline');
  fs.mkdirSync(folder, { recursive: true });
  const baselines = [];
  for (const job of jobs) {
    const file = path.join(folder, `${job.id}.jsonl.gz`);
    await download(`${settings.server}/api/jobs/${encodeURIComponent(job.id)}/trace.jsonl.gz`, file, auth);
    baselines.push(file);
  }
  const diff = JSON.parse(ashiato(executable, ['diff', ...baselines.flatMap((file) => ['--baseline', file]), traceFile, '--format', 'json']));
  return { baselines: baselines.length, hosts: ((diff.new && diff.new.hosts) || []).map((host) => host.key) };
}

/** Uploads the trace; returns the job's URL on the console. */
function upload(settings, executable, traceFile, env = process.env) {
  const metadata = jobMetadata(env);
  const output = ashiato(executable, ['upload', traceFile, '--server', settings.server, '--job', metadata.job,
    '--repo', metadata.repo, '--workflow', metadata.workflow, '--run-id', metadata.runId, '--sha', metadata.sha],
  { ASHIATO_TOKEN: settings.token });
  const id = output.trim().split('\n').pop().trim();
  return `${settings.server}/#/jobs/${encodeURIComponent(id)}`;
}

module.exports = { newHosts, upload, jobMetadata };
