// octo-org/setup-thing@v2, pre step: records itself.
'use strict';
const path = require('path');
require(path.join(process.env.FAKE_RUNNER_PROBES, 'probe.js'))('setup-thing-pre');
console.log('setup-thing pre: version ' + process.env.INPUT_VERSION);
