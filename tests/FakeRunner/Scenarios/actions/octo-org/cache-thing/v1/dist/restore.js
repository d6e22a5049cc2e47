// octo-org/cache-thing@v1, restore: records itself.
'use strict';
const path = require('path');
require(path.join(process.env.FAKE_RUNNER_PROBES, 'probe.js'))('cache-thing-restore');
console.log('cache-thing restore: key ' + process.env.INPUT_KEY);
