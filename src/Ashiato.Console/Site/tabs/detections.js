// Detections: the rule pack's findings grouped into incidents (the findings of one job step or process chain), each
// incident with its timeline (download → write → execute → memory read → upload), each finding with the job step and
// action it happened in, how many times, its evidence events and process ancestry.
import { h, api, ApiError, unavailable, eventsTable, stepLabel } from '../lib.js';

const order = { high: 3, medium: 2, low: 1 };

function finding(f, job) {
  return h('div', { class: `panel finding ${f.severity}`, 'data-rule': f.rule_id },
    h('h2', {}, h('span', { class: `badge ${f.severity}` }, f.severity), ' ', f.title, ' ', h('span', { class: 'muted mono' }, f.rule_id)),
    h('p', { class: 'summary' }, f.summary, f.occurrences > 1 ? h('span', { class: 'muted' }, ` (${f.occurrences} times)`) : null),
    f.job_id ? h('p', { class: 'where' }, h('b', {}, 'Where: '),
      h('a', { href: `#/jobs/${job.id}/steps?step=${encodeURIComponent(`${f.job_id}:${f.step}`)}` }, `step ${f.step}`), ' (', h('code', {}, stepLabel(f)), ') of job ',
      h('span', { class: 'mono' }, f.job_id)) : null,
    f.description ? h('p', { class: 'description' }, f.description) : null,
    f.remediation ? h('p', { class: 'remediation' }, h('b', {}, 'What to do: '), f.remediation) : null,
    f.technique ? h('p', { class: 'muted' }, 'MITRE ATT&CK ', h('code', {}, f.technique)) : null,
    f.ancestry.length ? h('p', {}, h('b', {}, 'Process ancestry: '), h('code', {}, f.ancestry.join(' → '))) : null,
    h('details', { open: true }, h('summary', {}, `Evidence (${f.evidence.length} event${f.evidence.length === 1 ? '' : 's'})`),
      eventsTable(f.evidence)));
}

function incident(number, members, job) {
  const severity = members.reduce((s, f) => (order[f.severity] > order[s] ? f.severity : s), 'low');
  const first = members.find(f => f.job_id) ?? members[0];
  const where = first.job_id ? `step ${first.step} (${stepLabel(first)}) of job ${first.job_id}` : (first.ancestry[1] ?? first.ancestry[0] ?? 'the trace');
  const timeline = [...members].sort((a, b) => (a.first_seen < b.first_seen ? -1 : a.first_seen > b.first_seen ? 1 : 0));
  return h('section', { class: 'incident', 'data-incident': String(number) },
    h('h2', {}, h('span', { class: `badge ${severity}` }, severity), ` Incident ${number}: ${members.length} finding${members.length > 1 ? 's' : ''} in `, h('code', {}, where)),
    members.length > 1 ? h('ol', { class: 'timeline' }, ...timeline.map(f =>
      h('li', {}, h('span', { class: 'mono muted' }, f.first_seen), ' ', h('b', {}, f.phase || f.rule_id), ': ', f.summary))) : null,
    ...members.map(f => finding(f, job)));
}

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
  // Findings arrive most severe first; incidents keep that order by their first (most severe) finding.
  const incidents = new Map();
  for (const f of findings) {
    const key = f.incident || `single-${incidents.size}`;
    if (!incidents.has(key)) incidents.set(key, []);
    incidents.get(key).push(f);
  }
  root.replaceChildren(h('p', {}, `${findings.length} finding${findings.length > 1 ? 's' : ''} in ${incidents.size} incident${incidents.size > 1 ? 's' : ''}.`),
    ...[...incidents.entries()].map(([key, members]) => incident(typeof key === 'number' ? key : '', members, job)));
}
