'use strict';
// The action's pre stage (see lib/stages.js).
const { runStage, pre } = require('./lib/stages');

runStage(pre);
