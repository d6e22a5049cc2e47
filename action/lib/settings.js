'use strict';
// The action's inputs, read and checked once. Pure: everything comes from the environment passed in.
const { input } = require('./runner');

/** A failure the user can act on: reported as one message, never as a stack trace. */
class ActionError extends Error {}

/** The release this version of the action installs unless `version` says otherwise. */
const DEFAULT_VERSION = '0.1.0';

/** Where releases are downloaded from: {version} is replaced. */
const DEFAULT_DOWNLOAD_URL = 'https://github.com/ashiato-dev/ashiato/releases/download/v{version}/ashiato-{version}-linux-x64.tar.gz';

const SEVERITIES = ['low', 'medium', 'high'];
const ON_ERROR = ['fail', 'warn'];

function readSettings(env = process.env) {
  const onError = (input('on-error', env) || 'fail').toLowerCase();
  if (!ON_ERROR.includes(onError)) {
    // Reported as a failure whatever was meant: which of the two was meant is unknown.
    throw new ActionError(`on-error must be fail or warn, not '${onError}'`);
  }
  const settings = { onError };
  const check = (condition, message) => {
    if (!condition) {
      throw Object.assign(new ActionError(message), { settings });
    }
  };
  settings.version = input('version', env) || DEFAULT_VERSION;
  check(/^[0-9A-Za-z.+-]+$/.test(settings.version), `version '${settings.version}' is not a release version (for example ${DEFAULT_VERSION})`);
  const template = input('download-url', env) || DEFAULT_DOWNLOAD_URL;
  settings.downloadUrl = template.replace(/\{version\}/g, settings.version);
  check(/^https?:\/\//.test(settings.downloadUrl), `download-url must be an http(s) URL, not '${template}'`);
  settings.sha256 = input('sha256', env).toLowerCase();
  check(settings.sha256 === '' || /^[0-9a-f]{64}$/.test(settings.sha256), 'sha256 must be 64 hexadecimal digits');
  settings.failOn = input('fail-on', env).toLowerCase();
  check(settings.failOn === '' || SEVERITIES.includes(settings.failOn), `fail-on must be low, medium or high, not '${settings.failOn}'`);
  settings.server = input('server', env).replace(/\/+$/, '');
  check(settings.server === '' || /^https?:\/\//.test(settings.server), `server must be the console's http(s) URL, not '${settings.server}'`);
  settings.token = input('token', env);
  check(settings.server === '' || settings.token !== '', 'server needs a token: an ingest token of the console (a secret)');
  const baseline = input('baseline-jobs', env) || '10';
  settings.baselineJobs = Number(baseline);
  check(Number.isInteger(settings.baselineJobs) && settings.baselineJobs >= 0 && settings.baselineJobs <= 100,
    `baseline-jobs must be a whole number from 0 to 100, not '${baseline}'`);
  return settings;
}

/** low < medium < high; -1 for anything else. */
function severityRank(severity) {
  return SEVERITIES.indexOf(String(severity).toLowerCase());
}

module.exports = { ActionError, readSettings, severityRank, DEFAULT_VERSION, DEFAULT_DOWNLOAD_URL };
