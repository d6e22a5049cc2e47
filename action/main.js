'use strict';
// The action's main stage (see lib/stages.js).
const { runStage, main } = require('./lib/stages');

runStage(main);
