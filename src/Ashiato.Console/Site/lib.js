// Small helpers shared by every page: DOM building, API calls and formatting. No framework, no build step.

/** Creates an element: h('a', {href: '#'}, 'text', child). Attributes starting with "on" become listeners. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else el.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** An error answered by the server, with its JSON body (error, line, position). */
export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error ?? `HTTP ${status}`);
    this.status = status;
    this.body = body ?? {};
  }
}

/** Calls the JSON API with the session cookie. A lost session reloads the page, which shows the sign-in form. */
export async function api(path, { method = 'GET', body, signal } = {}) {
  const response = await fetch(path, {
    method, signal, credentials: 'same-origin',
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401) { location.reload(); throw new ApiError(401, { error: 'signed out' }); }
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, value);
  const text = search.toString();
  return text ? `?${text}` : '';
}

export const fmt = {
  number: n => (n ?? 0).toLocaleString('en-US'),
  time: t => t ? new Date(t).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '—',
  duration(ms) {
    if (ms === null || ms === undefined) return '—';
    if (ms < 1000) return `${ms} ms`;
    const s = Math.round(ms / 1000);
    return s < 60 ? `${s}s` : s < 3600 ? `${Math.floor(s / 60)}m ${s % 60}s` : `${Math.floor(s / 3600)}h ${Math.floor(s % 3600 / 60)}m`;
  },
  bytes(n) {
    if (n === null || n === undefined) return '—';
    const units = ['B', 'KiB', 'MiB', 'GiB'];
    let i = 0;
    while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return `${i ? n.toFixed(1) : n} ${units[i]}`;
  },
};

/** Shows an error in place of a panel's content. */
export function errorBox(error) {
  return h('div', { class: 'alert bad', role: 'alert' }, error.message ?? String(error));
}

/** A tab whose engine this server does not have (HTTP 503): say so plainly. */
export function unavailable(error) {
  return h('p', { class: 'unavailable' }, error.message);
}

/** Prev/next controls for a server-side page ({total, offset, limit}). */
export function pager(page, go) {
  const { total, offset, limit } = page;
  const last = Math.min(offset + limit, total);
  return h('div', { class: 'pager' },
    h('button', { type: 'button', disabled: offset === 0, onclick: () => go(Math.max(0, offset - limit)) }, '← Previous'),
    h('span', { class: 'muted' }, total === 0 ? 'none' : `${fmt.number(offset + 1)}–${fmt.number(last)} of ${fmt.number(total)}`),
    h('button', { type: 'button', disabled: last >= total, onclick: () => go(offset + limit) }, 'Next →'));
}

/** A debounced input handler, so typing in a search box does not send a request per key. */
export function debounce(fn, ms = 250) {
  let timer;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}

/** The five event types of the format, then the evidence records (shown where a trace has them). */
export const EVENT_TYPES = ['process_exec', 'net_connect', 'dns_query', 'file_open', 'file_write',
  'process_fork', 'file_rename', 'file_delete', 'file_chmod', 'process_access'];
export const CORE_EVENT_TYPES = EVENT_TYPES.slice(0, 5);

/** One line saying what an event did, for tables of raw events. */
export function describe(e) {
  switch (e.type) {
    case 'process_exec': return (e.args ?? []).join(' ') || e.filename;
    case 'net_connect': return `${e.hostname ? e.hostname + ' ' : ''}${e.dst_addr}:${e.dst_port}/${e.protocol}`;
    case 'dns_query': return `${e.hostname}${e.answers?.length ? ' → ' + e.answers.join(', ') : ''}`;
    case 'file_open': return `${e.path} ${e.flags ?? ''}`;
    case 'file_write': return `${e.path} (${fmt.bytes(e.bytes)})`;
    case 'process_fork': return `forked from pid ${e.ppid}`;
    case 'file_rename': return `${e.path} → ${e.new_path}`;
    case 'file_delete': return e.path;
    case 'file_chmod': return `${e.path} ${e.mode}`;
    case 'process_access': return `${e.method} ${e.target_comm ?? '?'} (pid ${e.target_pid}${e.target_relation ? ', ' + e.target_relation : ''})`;
    case 'step': return `step ${e.step} started: ${stepLabel(e)}`;
    case 'step_end': return `step ${e.step} ended, exit code ${e.exit_code}`;
    case 'runner_job': return `job ${e.job ?? ''} of ${e.repository ?? '?'} started`;
    case 'runner_job_end': return `job ended, exit code ${e.exit_code}`;
    default: return '';
  }
}

/** A table of raw events: time, type and what it did; clicking a row shows the whole JSON object. */
export function eventsTable(events) {
  return h('table', { class: 'event-list' },
    h('tbody', {}, events.map(e => {
      const raw = h('pre', { hidden: true }, JSON.stringify(e, null, 2));
      return h('tr', { onclick: () => { raw.hidden = !raw.hidden; }, title: 'Click for the whole event' },
        h('td', { class: 'mono muted' }, (e.timestamp ?? '').replace(/^.*T/, '')),
        h('td', {}, h('span', { class: `badge type-${e.type} light` }, e.type)),
        h('td', { class: 'mono' }, describe(e), raw));
    })));
}

/**
 * What a step of a GitHub Actions job ran, as people name it: the action (owner/repo@ref), else kind and name
 * ("run __run_2"), a hook by its script, step 0 as the runner. Works on steps, step refs, findings and step records.
 */
export function stepLabel(s) {
  const kind = s.kind ?? s.step_kind;
  const name = s.name ?? s.step_name;
  if (s.action) return s.action;
  if (s.step === 0) return 'runner';
  if (kind && name) return `${kind} ${name}`;
  if (kind === 'hook' && s.script) return `hook ${s.script.split('/').pop()}`;
  return kind ?? name ?? 'unknown';
}

/** The Step and Action cells of a Network or Files row: each step links to the Steps tab, each action once. */
export function stepCells(job, steps) {
  const jobs = new Set(steps.map(s => s.job_id));
  return [
    h('td', { class: 'steps' }, steps.length === 0 ? h('span', { class: 'muted' }, '—') : steps.map((s, i) => [i ? ', ' : '',
      h('a', { href: `#/jobs/${job.id}/steps?step=${encodeURIComponent(s.key)}`, title: `${stepLabel(s)} in job ${s.job_id}` },
        jobs.size > 1 ? `${s.job_id}:${s.step}` : String(s.step))])),
    h('td', { class: 'mono actions' }, [...new Set(steps.map(s => s.action).filter(Boolean))].join(', ')),
  ];
}

/** "Showing step … only": a step filter in place, with a link that drops it; nothing (an empty text) without one. */
export function stepFilterNote(job, tab, key) {
  if (!key) return '';
  return h('p', { class: 'step-filter' }, 'Showing step ', h('code', {}, key), ' only. ',
    h('a', { href: `#/jobs/${job.id}/${tab}` }, 'Show all'));
}
