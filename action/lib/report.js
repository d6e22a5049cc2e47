'use strict';
// What the post step reports: findings (ashiato detect), the SARIF file, the steps table (ashiato query), and the job
// summary rendered from them. Rendering is pure; the commands run the installed release.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { ActionError, severityRank } = require('./settings');

const STEPS_SQL = path.join(__dirname, '..', 'steps.sql');
const MAX_BUFFER = 256 * 1024 * 1024;

/** Runs the installed ashiato; its stdout, or an ActionError with what it said. */
function ashiato(executable, args, env = {}) {
  const result = spawnSync(executable, args, {
    encoding: 'utf8', maxBuffer: MAX_BUFFER, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env },
  });
  // detect --fail-on is not used, so any non-zero exit is a failure of the command itself.
  if (result.status !== 0) {
    throw new ActionError(`ashiato ${args[0]} failed (${result.error ? result.error.message : `exit ${result.status}`}): ${(result.stderr || '').trim()}`);
  }
  return result.stdout;
}

/** Findings, SARIF and steps of a trace; the SARIF goes to sarifFile. */
function analyze(executable, traceFile, sarifFile) {
  const detection = JSON.parse(ashiato(executable, ['detect', traceFile, '--format', 'json']));
  fs.writeFileSync(sarifFile, ashiato(executable, ['detect', traceFile, '--format', 'sarif']));
  const steps = JSON.parse(ashiato(executable, ['query', traceFile, '-f', STEPS_SQL, '--format', 'json']) || '[]');
  return { findings: detection.findings || [], warnings: detection.warnings || [], steps };
}

/** The most severe finding's severity, or '' when there is none. */
function highestSeverity(findings) {
  return findings.reduce((highest, finding) => (severityRank(finding.severity) > severityRank(highest) ? finding.severity : highest), '');
}

/** Whether fail-on is set and a finding reaches it. */
function failOnMet(failOn, findings) {
  return failOn !== '' && findings.some((finding) => severityRank(finding.severity) >= severityRank(failOn));
}

const SEVERITY_MARK = { high: '🔴', medium: '🟠', low: '🟡' };

/** Text safe inside a Markdown table cell. */
function cell(value) {
  if (value === null || value === undefined || value === '') {
    return '';
  }
  return String(value).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/</g, '&lt;');
}

function stepLabel(step) {
  if (Number(step.step) === 0) {
    return 'runner (housekeeping)';
  }
  return step.name || step.action || `step ${step.step}`;
}

function findingStep(finding) {
  if (finding.step === undefined || finding.step === null) {
    return '';
  }
  const name = finding.step_name || finding.action || `step ${finding.step}`;
  return finding.action && finding.action !== name ? `${name} (${finding.action})` : name;
}

function listHosts(hosts, limit = 5) {
  const all = hosts || [];
  const shown = all.slice(0, limit).map((host) => `\`${cell(host)}\``).join(', ');
  return all.length > limit ? `${shown} +${all.length - limit}` : shown;
}

function plural(count, word) {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * The job summary in GitHub-flavoured Markdown. model: { version, mode, agentEnd, trace (traceFacts), steps, findings,
 * newHosts ({ baselines, hosts } or null), jobUrl, failOn, problems ([text]) }.
 */
function renderSummary(model) {
  const lines = [];
  const { findings } = model;
  const highest = highestSeverity(findings);
  const verdict = findings.length === 0
    ? '✅ no findings'
    : `${SEVERITY_MARK[highest] || '⚠️'} ${plural(findings.length, 'finding')}, the most severe ${highest}`;
  lines.push(`## 👣 Ashiato: ${verdict}`, '');
  if (model.failOn && failOnMet(model.failOn, findings)) {
    lines.push(`> [!CAUTION]`, `> This job fails: a finding is at least \`${model.failOn}\` (the action's \`fail-on\`).`, '');
  }
  for (const problem of model.problems || []) {
    lines.push('> [!WARNING]', `> ${cell(problem)}`, '');
  }

  lines.push('### Findings', '');
  if (findings.length === 0) {
    lines.push('✅ No findings: no rule matched what this job did.', '');
  } else {
    lines.push('| | Severity | Finding | Step | Process | What happened |', '|---|---|---|---|---|---|');
    const ordered = [...findings].sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
    for (const finding of ordered) {
      lines.push(`| ${SEVERITY_MARK[finding.severity] || ''} | **${cell(finding.severity)}** | ${cell(finding.title || finding.rule)} | ` +
        `${cell(findingStep(finding))} | ${finding.pid ? `pid ${finding.pid}` : ''} | ${cell(finding.summary)} |`);
    }
    lines.push('');
  }

  lines.push('### Steps', '');
  if (model.steps.length === 0) {
    lines.push('The trace holds no step of a GitHub Actions job.', '');
  } else {
    lines.push('| # | Step | Kind | Action | Exit | Processes | Hosts | Files opened | Files written |', '|---|---|---|---|---|---|---|---|---|');
    for (const step of model.steps) {
      lines.push(`| ${step.step} | ${cell(stepLabel(step))} | ${cell(step.kind)} | ${cell(step.action)} | ${step.exit_code ?? ''} | ${step.processes ?? 0} | ` +
        `${listHosts(step.hosts)} | ${step.files_opened ?? 0} | ${step.files_written ?? 0} |`);
    }
    lines.push('');
  }

  if (model.newHosts) {
    lines.push(`### New hosts (against the last ${plural(model.newHosts.baselines, 'job')} on the console)`, '');
    lines.push(model.newHosts.hosts.length === 0
      ? 'None: every host this job reached was reached before.'
      : model.newHosts.hosts.map((host) => `- \`${cell(host)}\``).join('\n'), '');
  }

  const trace = model.trace;
  lines.push('### Tracer', '');
  lines.push(`- Ashiato ${cell(model.version)} (${model.mode === 'agent' ? 'agent' : 'trace --pid'}), ${trace.events} events` +
    `${trace.dropped > 0 ? `, **${trace.dropped} dropped**: the trace is incomplete` : ', none dropped'}.`);
  if (model.agentEnd !== 'stopped') {
    lines.push(`- ⚠️ ${model.agentEnd === 'gone'
      ? 'The tracer stopped before the end of the job (killed, or it failed): what ran after that is not in the trace.'
      : 'The tracer did not stop in time and was killed: the trace holds what it had flushed.'}`);
  }
  lines.push('- The trace is the action\'s `trace-file` output; findings are in its `sarif-file` (SARIF 2.1.0).');
  if (model.jobUrl) {
    lines.push(`- On the console: ${model.jobUrl}`);
  }
  lines.push('- Not seen: "Set up job", what ran after this report, and processes inside `container:` jobs.', '');
  return `${lines.join('\n')}\n`;
}

module.exports = { analyze, ashiato, renderSummary, failOnMet, highestSeverity };
