// Query: DuckDB SQL over events(data JSON), run by the server's sandbox. Run/Cancel, examples, a paged grid,
// a JSON cell viewer, errors marked at their position, and CSV/JSON export of the result.
import { h, api, ApiError, fmt, unavailable } from '../lib.js';

const PAGE = 100;
const DEFAULT_SQL = "SELECT json_extract_string(data, '$.type') AS event_type, count(*) AS n\nFROM events\nGROUP BY event_type\nORDER BY n DESC";

export async function render(root, job, params) {
  let examples = [];
  try {
    examples = await api('/api/query/examples');
  } catch (e) {
    if (e instanceof ApiError && e.status === 503) { root.replaceChildren(unavailable(e)); return; }
    throw e;
  }
  const key = `ashiato.sql.${job.id}`;
  const editor = h('textarea', { id: 'sql', spellcheck: 'false', 'aria-label': 'SQL' });
  editor.value = params.get('sql') ?? sessionStorage.getItem(key) ?? DEFAULT_SQL;
  // The editor grows with the query, so a pasted example is visible whole.
  const fit = () => { editor.rows = Math.min(28, Math.max(6, editor.value.split('\n').length + 1)); };
  editor.addEventListener('input', fit);
  fit();
  const status = h('span', { class: 'status', id: 'query-status' });
  const output = h('div', { id: 'query-output' });
  const run = h('button', { type: 'button', class: 'primary', id: 'run-query', title: 'Ctrl+Enter' }, 'Run');
  const cancel = h('button', { type: 'button', id: 'cancel-query', disabled: true }, 'Cancel');
  const share = h('button', { type: 'button', id: 'share-query', title: 'Copy a link to this job with this query' }, 'Copy link');
  share.addEventListener('click', async () => {
    const link = `${location.origin}/#/jobs/${job.id}/query?${new URLSearchParams({ sql: editor.value })}`;
    history.replaceState(null, '', link); // first: the address bar is the link even where the clipboard is refused
    await navigator.clipboard?.writeText(link).catch(() => {});
    status.textContent = 'Link copied';
  });
  const picker = h('select', { id: 'examples', 'aria-label': 'Examples' }, h('option', { value: '' }, 'Examples…'),
    examples.map(x => h('option', { value: x.id, title: x.description }, x.title)));
  picker.addEventListener('change', () => {
    const example = examples.find(x => x.id === picker.value);
    if (example) { editor.value = example.sql; fit(); sessionStorage.setItem(key, editor.value); }
    picker.value = '';
  });
  let controller = null;
  const execute = async () => {
    sessionStorage.setItem(key, editor.value);
    controller = new AbortController();
    run.disabled = true; cancel.disabled = false;
    const started = performance.now();
    const ticker = setInterval(() => { status.textContent = `Running… ${((performance.now() - started) / 1000).toFixed(1)} s`; }, 100);
    status.textContent = 'Running…';
    try {
      const result = await api(`/api/jobs/${job.id}/query`, { method: 'POST', body: { sql: editor.value }, signal: controller.signal });
      status.textContent = `${fmt.number(result.rows.length)} row${result.rows.length === 1 ? '' : 's'}${result.truncated ? ' (truncated)' : ''} in ${fmt.number(result.elapsed_ms)} ms`;
      output.replaceChildren(results(result, 0));
    } catch (e) {
      if (e.name === 'AbortError') {
        status.textContent = 'Cancelled';
        output.replaceChildren(h('p', { class: 'muted', id: 'query-cancelled' }, 'The query was cancelled.'));
      } else {
        status.textContent = 'Error';
        output.replaceChildren(sqlError(e, editor));
      }
    } finally {
      clearInterval(ticker);
      run.disabled = false; cancel.disabled = true; controller = null;
    }
  };
  run.addEventListener('click', execute);
  cancel.addEventListener('click', () => controller?.abort());
  editor.addEventListener('keydown', e => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); if (!run.disabled) execute(); } });
  root.replaceChildren(
    h('div', { class: 'editor panel' },
      h('p', { class: 'muted' }, 'One table, ', h('code', {}, 'events'), ', with a JSON column ', h('code', {}, 'data'), ': ',
        h('code', {}, "json_extract_string(data, '$.type')"), ' and the other ', h('code', {}, '$.<field>'), ' paths.'),
      editor,
      h('div', { class: 'toolbar' }, run, cancel, picker, share, status),
      schema(job, editor)),
    output);
}

/**
 * The typed views (the same in every job: one per record type, with its columns) and the keys of each record type in
 * this job's data; clicking a name inserts it, or its extraction, at the cursor.
 */
function schema(job, editor) {
  const body = h('div', { class: 'schema' }, h('span', { class: 'muted' }, 'Loading…'));
  const panel = h('details', { id: 'schema' }, h('summary', {}, 'Schema: typed views, and the keys of data per type'), body);
  panel.addEventListener('toggle', async () => {
    if (!panel.open || body.dataset.loaded) return;
    body.dataset.loaded = 'yes';
    const [views, keys] = await Promise.all([api('/api/query/views'), api(`/api/jobs/${job.id}/schema`)]);
    body.replaceChildren(
      h('h3', {}, 'Typed views'),
      ...views.map(view => h('p', { class: 'view', 'data-view': view.name },
        h('button', { type: 'button', class: 'key view-name', title: 'Insert a query of this view', onclick: () => insert(editor, `SELECT * FROM ${view.name}`) },
          h('code', {}, view.name)), ' ',
        view.columns.map(c => h('button', { type: 'button', class: 'key', title: c.type, onclick: () => insert(editor, c.name) }, c.name)))),
      h('h3', {}, h('code', {}, 'events.data'), ' keys in this job'),
      ...Object.entries(keys).map(([type, names]) => h('p', { class: 'keys', 'data-type': type }, h('code', { class: 'badge' }, type), ' ',
        names.map(name => h('button', { type: 'button', class: 'key', onclick: () => insert(editor, `json_extract_string(data, ${jsonPath(name)})`) }, name)))));
  });
  return panel;
}

/**
 * The SQL literal of a JSON path to one key of data. A trace chooses its keys, so one may hold quotes or dots: a plain
 * name is written as '$.name', anything else as a JSON Pointer ('/name', ~ and / escaped), and quotes are doubled.
 */
export function jsonPath(name) {
  const path = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? `$.${name}` : '/' + name.replaceAll('~', '~0').replaceAll('/', '~1');
  return `'${path.replaceAll("'", "''")}'`;
}
function insert(editor, text) {
  const { selectionStart: start, selectionEnd: end, value } = editor;
  editor.value = value.slice(0, start) + text + value.slice(end);
  editor.focus();
  editor.setSelectionRange(start + text.length, start + text.length);
}

function results(result, offset) {
  const { columns, rows } = result;
  const page = rows.slice(offset, offset + PAGE);
  const viewer = h('dialog', { id: 'cell-viewer' }, h('pre'), h('form', { method: 'dialog' }, h('button', {}, 'Close')));
  const container = h('div', {},
    h('div', { class: 'toolbar' },
      h('button', { type: 'button', onclick: () => save(csv(result), 'text/csv', 'result.csv') }, 'Export CSV'),
      h('button', { type: 'button', onclick: () => save(json(result), 'application/json', 'result.json') }, 'Export JSON'),
      result.truncated ? h('span', { class: 'badge warn' }, 'truncated: refine the query to see every row') : null),
    h('div', { style: 'overflow-x:auto' }, h('table', { class: 'results', id: 'results' },
      h('thead', {}, h('tr', {}, columns.map(c => h('th', { title: c.type }, c.name)))),
      h('tbody', {}, page.map(row => h('tr', {}, row.map(cell => h('td', {
        title: 'Click to inspect',
        onclick: () => { viewer.querySelector('pre').textContent = pretty(cell); viewer.showModal(); },
      }, show(cell)))))))),
    viewer);
  if (rows.length > PAGE) {
    container.append(h('div', { class: 'pager' },
      h('button', { type: 'button', disabled: offset === 0, onclick: () => container.replaceWith(results(result, offset - PAGE)) }, '← Previous'),
      h('span', { class: 'muted' }, `${offset + 1}–${Math.min(offset + PAGE, rows.length)} of ${rows.length}`),
      h('button', { type: 'button', disabled: offset + PAGE >= rows.length, onclick: () => container.replaceWith(results(result, offset + PAGE)) }, 'Next →')));
  }
  return container;
}

function sqlError(error, editor) {
  const position = error.body?.position;
  const box = h('div', { class: 'sql-error', role: 'alert', id: 'query-error' }, error.message);
  if (Number.isInteger(position) && position >= 0 && position <= editor.value.length) {
    const sql = editor.value;
    const end = Math.min(sql.length, position + Math.max(1, (sql.slice(position).match(/^\w+/) ?? [''])[0].length));
    box.append('\n\n', h('code', {}, sql.slice(0, position), h('mark', {}, sql.slice(position, end) || ' '), sql.slice(end)));
    editor.focus();
    editor.setSelectionRange(position, end);
  }
  return box;
}

const show = cell => cell === null ? 'NULL' : typeof cell === 'object' ? JSON.stringify(cell) : String(cell);
function pretty(cell) {
  if (typeof cell === 'string') { try { return JSON.stringify(JSON.parse(cell), null, 2); } catch { return cell; } }
  return JSON.stringify(cell, null, 2);
}
export function csv({ columns, rows }) {
  // A text cell that starts like a formula (=, +, -, @, tab, CR) is what the trace wrote, not something for a
  // spreadsheet to run: a leading apostrophe keeps it text (CSV injection).
  const neutral = v => typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  const quote = v => { const s = v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(neutral(v)); return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s; };
  return [columns.map(c => quote(c.name)).join(','), ...rows.map(r => r.map(quote).join(','))].join('\r\n') + '\r\n';
}
function json({ columns, rows }) {
  return JSON.stringify(rows.map(r => Object.fromEntries(columns.map((c, i) => [c.name, r[i]]))), null, 2);
}
function save(text, type, name) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: name });
  document.body.append(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
