// octo-org/setup-thing@v2, post step: records itself.
'use strict';
const path = require('path');
require(path.join(process.env.FAKE_RUNNER_PROBES, 'probe.js'))('setup-thing-post');
console.log('setup-thing post: version ' + process.env.INPUT_VERSION);
