// octo-org/cache-thing@v1, save: records itself.
'use strict';
const path = require('path');
require(path.join(process.env.FAKE_RUNNER_PROBES, 'probe.js'))('cache-thing-save');
console.log('cache-thing save: key ' + process.env.INPUT_KEY);
