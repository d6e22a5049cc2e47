'use strict';
// Reads what the summary needs straight from a trace (gzip JSON Lines, possibly several gzip members): the jobs it
// holds, its last tracer_stats (drops), and whether it ended cleanly.
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const { ActionError } = require('./settings');

/** Each record of a trace; a trace cut short (the tracer killed mid-flush) yields what was complete. */
function readRecords(file) {
  const text = zlib.gunzipSync(fs.readFileSync(file), { finishFlush: zlib.constants.Z_SYNC_FLUSH }).toString('utf8');
  const records = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('{')) {
      try {
        records.push(JSON.parse(line));
      } catch {
        // The last line of a trace cut short.
      }
    }
  }
  return records;
}

function sumValues(object) {
  return Object.values(object || {}).reduce((sum, value) => sum + (Number(value) || 0), 0);
}

/** The facts of one trace: its jobs (runner_job), its totals and drops (the last tracer_stats), its meta. */
function traceFacts(file) {
  const facts = { file, jobs: [], meta: null, stats: null, records: 0 };
  for (const record of readRecords(file)) {
    facts.records++;
    if (record.type === 'runner_job') {
      facts.jobs.push(record);
    } else if (record.type === 'trace_meta' && !facts.meta) {
      facts.meta = record;
    } else if (record.type === 'tracer_stats') {
      facts.stats = record;
    }
  }
  facts.dropped = facts.stats ? sumValues(facts.stats.dropped) : 0;
  facts.events = facts.stats ? sumValues(facts.stats.events) : 0;
  facts.final = Boolean(facts.stats && facts.stats.final);
  return facts;
}

/**
 * The trace of the job whose worker is workerPid: among the agent's traces (one per job of the machine, host activity
 * apart), the one whose runner_job names that worker; from `ashiato trace --pid`, its one trace.
 */
function traceOfJob(directory, workerPid, mode) {
  if (mode === 'trace') {
    return traceFacts(path.join(directory, 'trace.jsonl.gz'));
  }
  const candidates = fs.existsSync(directory)
    ? fs.readdirSync(directory).filter((name) => name.endsWith('.jsonl.gz') && !name.startsWith('host-')).map((name) => path.join(directory, name))
    : [];
  const ours = candidates.map(traceFacts).find((trace) => trace.jobs.some((job) => Number(job.worker_pid) === workerPid));
  if (!ours) {
    throw new ActionError(`the tracer wrote no trace of this job (worker pid ${workerPid}) in ${directory}`);
  }
  return ours;
}

module.exports = { traceFacts, traceOfJob, readRecords };
