'use strict';
// The report action: stops tracing now and reports, so that later steps of the job can use its outputs (upload the
// SARIF file or the trace). The main action's post step then has nothing left to do.
const { runStage, report } = require('../action/lib/stages');

runStage(report);
