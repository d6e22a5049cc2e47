// Detections: the rule pack's findings, each with the job step and action it happened in, its evidence events and
// process ancestry.
import { h, api, ApiError, unavailable, eventsTable, stepLabel } from '../lib.js';

export async function render(root, job) {
  let findings;
  try {
    findings = await api(`/api/jobs/${job.id}/detections`);
  } catch (e) {
    if (e instanceof ApiError && e.status === 503) { root.replaceChildren(unavailable(e)); return; }
    throw e;
  }
  if (findings.length === 0) {
    root.replaceChildren(h('div', { class: 'alert ok' }, 'No rule of the pack matched this trace.'));
    return;
  }
  root.replaceChildren(h('p', {}, `${findings.length} finding${findings.length > 1 ? 's' : ''}.`),
    ...findings.map(f => h('div', { class: `panel finding ${f.severity}`, 'data-rule': f.rule_id },
      h('h2', {}, h('span', { class: `badge ${f.severity}` }, f.severity), ' ', f.title, ' ', h('span', { class: 'muted mono' }, f.rule_id)),
      h('p', { class: 'summary' }, f.summary),
      f.job_id ? h('p', { class: 'where' }, h('b', {}, 'Where: '),
        h('a', { href: `#/jobs/${job.id}/steps?step=${encodeURIComponent(`${f.job_id}:${f.step}`)}` }, `step ${f.step}`), ' (', h('code', {}, stepLabel(f)), ') of job ',
        h('span', { class: 'mono' }, f.job_id)) : null,
      f.description ? h('p', { class: 'description' }, f.description) : null,
      f.remediation ? h('p', { class: 'remediation' }, h('b', {}, 'What to do: '), f.remediation) : null,
      f.technique ? h('p', { class: 'muted' }, 'MITRE ATT&CK ', h('code', {}, f.technique)) : null,
      f.ancestry.length ? h('p', {}, h('b', {}, 'Process ancestry: '), h('code', {}, f.ancestry.join(' → '))) : null,
      h('details', { open: true }, h('summary', {}, `Evidence (${f.evidence.length} event${f.evidence.length === 1 ? '' : 's'})`),
        eventsTable(f.evidence)))));
}
