'use strict';
// The action's post stage (see lib/stages.js).
const { runStage, post } = require('./lib/stages');

runStage(post);
