// Network: DNS names with their answers, and connections grouped by host (the DNS name when known), with the job
// steps and actions whose processes reached each; ?step=<job_id>:<n> shows one step's.
import { h, api, query, fmt, pager, debounce, stepCells, stepFilterNote } from '../lib.js';

export async function render(root, job, params) {
  const state = { q: params.get('q') ?? '', step: params.get('step') ?? '' };
  const dns = h('div');
  const hosts = h('div');
  const reload = () => Promise.all([loadDns(job, dns, state, 0), loadHosts(job, hosts, state, 0)]);
  root.replaceChildren(
    h('div', { class: 'filters' }, h('input', { type: 'search', placeholder: 'Filter by name or address', size: 32, value: state.q, 'aria-label': 'Filter hosts',
      oninput: debounce(e => { state.q = e.target.value; reload(); }) })),
    stepFilterNote(job, 'network', state.step),
    h('h2', {}, 'Connections by host'), hosts,
    h('h2', {}, 'DNS lookups'), dns);
  await reload();
}

async function loadHosts(job, box, state, offset) {
  const page = await api(`/api/jobs/${job.id}/connections` + query({ q: state.q, step: state.step, offset, limit: 50 }));
  box.replaceChildren(
    page.items.length === 0 ? h('p', { class: 'muted' }, 'No connections.') :
      h('table', { id: 'connections' }, h('thead', {}, h('tr', {}, h('th', {}, 'Host'), h('th', {}, 'Addresses'), h('th', {}, 'Ports'), h('th', { class: 'num' }, 'Connections'),
        h('th', {}, 'Processes'), h('th', {}, 'Step'), h('th', {}, 'Action'))),
        h('tbody', {}, page.items.map(c => h('tr', {},
          h('td', { class: 'mono' }, c.host), h('td', { class: 'mono' }, c.addresses.join(', ')), h('td', { class: 'mono' }, c.ports.join(', ')),
          h('td', { class: 'num' }, fmt.number(c.connections)), h('td', {}, c.processes.join(', ')), stepCells(job, c.steps))))),
    pager(page, o => loadHosts(job, box, state, o)));
}

async function loadDns(job, box, state, offset) {
  const page = await api(`/api/jobs/${job.id}/dns` + query({ q: state.q, step: state.step, offset, limit: 50 }));
  box.replaceChildren(
    page.items.length === 0 ? h('p', { class: 'muted' }, 'No DNS lookups.') :
      h('table', { id: 'dns' }, h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Answers'), h('th', {}, 'Types'), h('th', {}, 'Result'), h('th', { class: 'num' }, 'Lookups'),
        h('th', {}, 'Processes'), h('th', {}, 'Step'), h('th', {}, 'Action'))),
        h('tbody', {}, page.items.map(d => h('tr', {},
          h('td', { class: 'mono' }, d.hostname), h('td', { class: 'mono' }, d.answers.join(', ') || '—'), h('td', {}, d.qtypes.join(', ')),
          h('td', {}, d.rcodes.join(', ')), h('td', { class: 'num' }, fmt.number(d.queries)), h('td', {}, d.processes.join(', ')), stepCells(job, d.steps))))),
    pager(page, o => loadDns(job, box, state, o)));
}
