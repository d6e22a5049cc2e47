// Summary: counts by type, top hosts and executables, detections, and whether the trace is complete.
import { h, api, fmt, EVENT_TYPES, CORE_EVENT_TYPES } from '../lib.js';

export async function render(root, job) {
  const s = await api(`/api/jobs/${job.id}/summary`);
  // The five event types always, the evidence records (renames, forks, ...) when the trace has them.
  const types = EVENT_TYPES.filter(t => CORE_EVENT_TYPES.includes(t) || s.counts[t]);
  const max = Math.max(1, ...types.map(t => s.counts[t] ?? 0));
  root.replaceChildren(
    completeness(s.completeness),
    h('div', { class: 'grid2' },
      h('div', { class: 'panel' }, h('h2', {}, 'Events by type'),
        h('table', {}, h('tbody', {}, types.map(type => h('tr', {},
          h('td', {}, h('code', {}, type)),
          h('td', { class: 'num' }, fmt.number(s.counts[type] ?? 0)),
          h('td', { style: 'width:50%' }, h('span', { class: `bar type-${type}`, style: `width:${100 * (s.counts[type] ?? 0) / max}%` }))))))),
      h('div', { class: 'panel' }, h('h2', {}, 'Detections'), detections(s, job),
        h('h2', {}, 'Sensitive files'),
        h('p', {}, s.sensitive_files > 0
          ? h('a', { href: `#/jobs/${job.id}/files?show=sensitive` }, h('span', { class: 'badge bad' }, `${s.sensitive_files} sensitive`), ' credentials, other processes\u2019 memory, persistence points or setuid files were touched')
          : h('span', { class: 'badge ok' }, 'none touched'))),
      ranked('Top hosts', s.top_hosts, 'connections', `#/jobs/${job.id}/network`),
      ranked('Top executables', s.top_executables, 'execs', `#/jobs/${job.id}/processes`)),
    meta(s));
}

function completeness(c) {
  if (c.complete) return h('div', { class: 'alert ok', id: 'completeness' }, 'Complete trace: no drops, no truncations, and the tracer ended cleanly.');
  return h('div', { class: 'alert bad', id: 'completeness', role: 'alert' }, 'This trace is incomplete: activity may be missing.',
    h('ul', {}, c.problems.map(p => h('li', {}, p))));
}

function detections(s, job) {
  if (s.detections === null || s.detections === undefined) return h('p', {}, h('a', { href: `#/jobs/${job.id}/detections` }, 'See the Detections tab'));
  return h('p', {}, h('a', { href: `#/jobs/${job.id}/detections` },
    h('span', { class: `badge ${s.detections > 0 ? 'bad' : 'ok'}` }, s.detections > 0 ? `${s.detections} findings` : 'no findings')));
}

function ranked(title, rows, unit, link) {
  return h('div', { class: 'panel' }, h('h2', {}, h('a', { href: link }, title)),
    rows.length === 0 ? h('p', { class: 'muted' }, 'none') :
      h('table', {}, h('tbody', {}, rows.map(r => h('tr', {}, h('td', { class: 'mono' }, r.name), h('td', { class: 'num' }, r.count ? `${fmt.number(r.count)} ${r.count === 1 ? unit.replace(/s$/, '') : unit}` : 'looked up'))))));
}

function meta(s) {
  const m = s.meta ?? {};
  return h('div', { class: 'panel' }, h('h2', {}, 'Trace'),
    h('div', { class: 'meta' },
      h('span', {}, 'First event ', h('b', {}, fmt.time(s.first))),
      h('span', {}, 'Last event ', h('b', {}, fmt.time(s.last))),
      h('span', {}, 'Span ', h('b', {}, fmt.duration(s.duration_ms))),
      m.hostname ? h('span', {}, 'Host ', h('b', {}, m.hostname)) : null,
      m.kernel ? h('span', {}, 'Kernel ', h('b', {}, m.kernel)) : null,
      m.tracer_version ? h('span', {}, 'Tracer ', h('b', {}, m.tracer_version)) : null,
      m.scope ? h('span', {}, 'Scope ', h('b', {}, m.scope)) : null));
}
