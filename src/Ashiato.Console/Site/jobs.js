// The jobs list: search, filters and server-side paging; every row opens the job view.
import { h, api, query, fmt, pager, errorBox, debounce } from './lib.js';

const LIMIT = 25;

export async function renderJobs(root, params) {
  const state = { q: params.get('q') ?? '', repo: params.get('repo') ?? '', workflow: params.get('workflow') ?? '', offset: Number(params.get('offset') ?? 0) };
  const go = changes => { location.hash = '#/jobs' + query({ ...state, ...changes, offset: changes.offset ?? 0 }); };
  const results = h('div', { id: 'jobs-results' }, h('p', { class: 'muted' }, 'Loading…'));
  root.replaceChildren(
    h('h1', {}, 'Jobs'),
    h('div', { class: 'filters', role: 'search' },
      h('input', { type: 'search', name: 'q', placeholder: 'Search job, repo, workflow, run, commit', value: state.q, size: 40, 'aria-label': 'Search jobs', oninput: debounce(e => go({ q: e.target.value })) }),
      h('input', { type: 'text', name: 'repo', placeholder: 'Repository', value: state.repo, 'aria-label': 'Repository', onchange: e => go({ repo: e.target.value }) }),
      h('input', { type: 'text', name: 'workflow', placeholder: 'Workflow', value: state.workflow, 'aria-label': 'Workflow', onchange: e => go({ workflow: e.target.value }) })),
    results);
  const search = root.querySelector('input[name=q]');
  if (state.q) { search.focus(); search.setSelectionRange(state.q.length, state.q.length); }
  try {
    const page = await api('/api/jobs' + query({ ...state, limit: LIMIT }));
    results.replaceChildren(jobsTable(page.jobs), pager(page, offset => go({ offset })));
  } catch (e) {
    results.replaceChildren(errorBox(e));
  }
}

function jobsTable(jobs) {
  if (jobs.length === 0) return h('p', { class: 'muted' }, 'No jobs match. Upload one with ', h('code', {}, 'ashiato upload trace.jsonl.gz --server … --job NAME'), '.');
  return h('table', { class: 'jobs' },
    h('thead', {}, h('tr', {}, ['Repository', 'Workflow', 'Job', 'Started', 'Duration', 'Events', 'Detections'].map((t, i) => h('th', { class: i >= 4 ? 'num' : undefined }, t)))),
    h('tbody', {}, jobs.map(job => h('tr', {},
      h('td', {}, job.repo ?? '—'),
      h('td', {}, job.workflow ?? '—'),
      h('td', {}, h('a', { href: `#/jobs/${job.id}/summary` }, job.job), job.state !== 'ready' ? [' ', h('span', { class: 'badge warn' }, 'waiting for trace')] : null,
        job.trace_bytes && (job.dropped > 0 || !job.ended_cleanly) ? [' ', h('span', { class: 'badge bad incomplete', title: 'events may be missing' }, 'incomplete')] : null),
      h('td', {}, fmt.time(job.started_at ?? job.created_at)),
      h('td', { class: 'num' }, fmt.duration(job.duration_ms)),
      h('td', { class: 'num' }, job.events === null ? '—' : fmt.number(job.events)),
      h('td', { class: 'num' }, detectionsBadge(job.detections))))));
}

function detectionsBadge(count) {
  if (count === null || count === undefined) return h('span', { class: 'muted' }, '—');
  return h('span', { class: `badge findings ${count > 0 ? 'bad' : 'ok'}` }, count > 0 ? `${count} finding${count > 1 ? 's' : ''}` : 'none');
}
