// octo-org/setup-thing@v2, main step: records itself.
'use strict';
const path = require('path');
require(path.join(process.env.FAKE_RUNNER_PROBES, 'probe.js'))('setup-thing-main');
console.log('setup-thing main: version ' + process.env.INPUT_VERSION);
require('fs').appendFileSync(process.env.GITHUB_OUTPUT, `version=${process.env.INPUT_VERSION}\n`);
