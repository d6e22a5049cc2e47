'use strict';
// The GitHub Actions runner's side of a JavaScript action, without @actions/core: inputs come as INPUT_* variables,
// outputs, state and the job summary go to the files GITHUB_OUTPUT, GITHUB_STATE and GITHUB_STEP_SUMMARY name, and
// log annotations are workflow commands on stdout (docs: "Workflow commands for GitHub Actions").
const fs = require('node:fs');
const crypto = require('node:crypto');
const os = require('node:os');

/** The input as the runner passes it: INPUT_<NAME> with spaces as underscores, trimmed; '' when absent. */
function input(name, env = process.env) {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '').trim();
}

/** Appends NAME<<DELIMITER ... DELIMITER to a file command (outputs, state): safe for values with newlines. */
function appendFileCommand(variable, name, value, env = process.env) {
  const file = env[variable];
  if (!file) {
    throw new Error(`${variable} is not set: this must run as a step of a GitHub Actions job`);
  }
  const text = String(value);
  const delimiter = `ghadelimiter_${crypto.randomUUID()}`;
  fs.appendFileSync(file, `${name}<<${delimiter}${os.EOL}${text}${os.EOL}${delimiter}${os.EOL}`);
}

function setOutput(name, value, env = process.env) {
  appendFileCommand('GITHUB_OUTPUT', name, value, env);
}

/** Saved for the later stages of this step (main, post) as STATE_<name>. */
function saveState(name, value, env = process.env) {
  appendFileCommand('GITHUB_STATE', name, value, env);
}

function state(name, env = process.env) {
  return env[`STATE_${name}`] || '';
}

function appendSummary(markdown, env = process.env) {
  if (!env.GITHUB_STEP_SUMMARY) {
    throw new Error('GITHUB_STEP_SUMMARY is not set: this must run as a step of a GitHub Actions job');
  }
  fs.appendFileSync(env.GITHUB_STEP_SUMMARY, markdown);
}

/** Workflow-command escaping of a message (% and line breaks), so a multi-line message stays one annotation. */
function escapeData(text) {
  return String(text).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

const log = {
  info: (message) => process.stdout.write(`${message}${os.EOL}`),
  notice: (message) => process.stdout.write(`::notice title=Ashiato::${escapeData(message)}${os.EOL}`),
  warning: (message) => process.stdout.write(`::warning title=Ashiato::${escapeData(message)}${os.EOL}`),
  error: (message) => process.stdout.write(`::error title=Ashiato::${escapeData(message)}${os.EOL}`),
  group: (title) => process.stdout.write(`::group::${title}${os.EOL}`),
  endGroup: () => process.stdout.write(`::endgroup::${os.EOL}`),
  mask: (secret) => secret && process.stdout.write(`::add-mask::${escapeData(secret)}${os.EOL}`),
};

module.exports = { input, setOutput, saveState, state, appendSummary, escapeData, log };
