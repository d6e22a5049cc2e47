// Process tree: roots first, children fetched when a node is expanded, and each process's own events on demand. A trace
// of GitHub Actions jobs is grouped by step: each step's own tree (its root, or for step 0 the worker), then what ran
// outside any job.
import { h, api, query, fmt, eventsTable, stepLabel } from '../lib.js';

const PAGE = 100;

export async function render(root, job) {
  const steps = await api(`/api/jobs/${job.id}/steps` + query({ limit: 500 }));
  if (steps.total === 0) {
    const tree = h('div', { class: 'tree panel' });
    root.replaceChildren(h('p', { class: 'muted' }, 'Expand a process to see what it started; "events" lists what it did, in order.'), tree);
    tree.append(await level(job, undefined, 0, undefined));
    return;
  }
  root.replaceChildren(
    h('p', { class: 'muted' }, 'Grouped by the step of the GitHub Actions job each process belongs to (tagged in the kernel at fork). Open a step to see its processes.'),
    ...steps.items.map(s => group(job, s.key, [h('b', {}, `Step ${s.step}`), ' ', stepLabel(s),
      h('span', { class: 'muted' }, `${s.action ? ` · ${s.kind}` : ''} · ${fmt.number(s.processes)} process${s.processes === 1 ? '' : 'es'}`),
      s.exit_code ? [' ', h('span', { class: 'badge bad' }, `exit ${s.exit_code}`)] : null])),
    group(job, 'none', [h('b', {}, 'Outside any job'), h('span', { class: 'muted' }, ' · the runner\u2019s listener, the tracer\u2019s own command, other processes')]));
}

/** A collapsible group of the tree: one step, or what ran outside any job. */
function group(job, step, title) {
  const body = h('div', { class: 'tree' });
  const details = h('details', { class: 'panel step-group', 'data-step': step }, h('summary', {}, title), body);
  details.addEventListener('toggle', async () => {
    if (details.open && !body.hasChildNodes()) body.append(await processTree(job, step));
  });
  return details;
}

/** The tree of one step (a key from the steps list, or "none" for outside any job). */
export async function processTree(job, step) {
  const list = await level(job, undefined, 0, step);
  return list.children.length ? list : h('p', { class: 'muted' }, 'No processes.');
}

async function level(job, parent, offset, step) {
  const page = await api(`/api/jobs/${job.id}/processes` + query({ parent, step, offset, limit: PAGE }));
  const list = h('ul', {}, page.items.map(p => node(job, p, step)));
  if (page.offset + page.items.length < page.total) {
    const more = h('li', {}, h('button', { type: 'button', onclick: async () => more.replaceWith(...(await level(job, parent, offset + PAGE, step)).children) },
      `Show more (${fmt.number(page.total - page.offset - page.items.length)} left)`));
    list.append(more);
  }
  return list;
}

function node(job, p, step) {
  const exec = p.execs.at(-1);
  const children = h('div');
  const events = h('div', { class: 'events' });
  let open = false;
  const toggle = h('button', { type: 'button', class: 'toggle', 'aria-expanded': 'false', disabled: p.children === 0, title: 'Show child processes' }, p.children ? '▸' : '·');
  toggle.addEventListener('click', async () => {
    open = !open;
    toggle.textContent = open ? '▾' : '▸';
    toggle.setAttribute('aria-expanded', String(open));
    children.replaceChildren(open ? await level(job, p.pid, 0, step) : '');
  });
  const eventsButton = h('button', { type: 'button', onclick: () => showEvents(job, p, events, 0) }, `events (${fmt.number(p.events)})`);
  return h('li', { 'data-pid': p.pid },
    h('div', { class: 'node' }, toggle,
      h('b', {}, p.comm ?? '?'), h('span', { class: 'muted' }, `pid ${p.pid}`),
      exec ? h('code', { class: 'args' }, exec.args.join(' ') || exec.filename)
        : h('span', { class: 'muted' }, p.forked ? '(forked without exec: runs its parent\u2019s program)' : '(no exec in trace)'),
      exec?.args_truncated ? h('span', { class: 'badge warn' }, 'args truncated') : null,
      exec?.snapshot ? h('span', { class: 'badge', title: 'Already running when tracing started: this is what it ran then' }, 'running at start') : null,
      p.execs.length > 1 ? h('span', { class: 'badge', title: p.execs.map(e => e.filename).join(' → ') }, `${p.execs.length} execs`) : null,
      Object.entries(exec?.env ?? {}).map(([name, value]) => h('code', { class: 'badge warn env', title: 'Started with this variable set' }, `${name}=${value}`)),
      p.accesses.map(a => h('span', { class: 'badge bad access', title: `${a.relation ?? 'unknown'} process` },
        `${a.method} → ${a.target_comm ?? '?'} (${a.target_pid ?? '?'})`)),
      eventsButton),
    events, children);
}

async function showEvents(job, p, box, offset) {
  const page = await api(`/api/jobs/${job.id}/processes/${p.pid}/events` + query({ offset, limit: 50 }));
  box.replaceChildren(
    page.items.length ? eventsTable(page.items) : h('p', { class: 'muted' }, 'no events'),
    h('div', { class: 'pager' },
      offset > 0 ? h('button', { type: 'button', onclick: () => showEvents(job, p, box, Math.max(0, offset - 50)) }, '← Previous') : null,
      page.more ? h('button', { type: 'button', onclick: () => showEvents(job, p, box, offset + 50) }, 'Next →') : null,
      h('button', { type: 'button', onclick: () => box.replaceChildren() }, 'Hide')));
}
