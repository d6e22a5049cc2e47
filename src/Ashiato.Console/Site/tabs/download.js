// Download: the raw trace exactly as uploaded.
import { h, fmt } from '../lib.js';

export async function render(root, job) {
  const url = `/api/jobs/${job.id}/trace.jsonl.gz`;
  root.replaceChildren(h('div', { class: 'panel' },
    h('p', {}, 'The raw trace, byte for byte as it was uploaded: gzip-compressed JSON Lines (', fmt.bytes(job.trace_bytes), ', ', fmt.number(job.events), ' lines).'),
    h('p', {}, h('a', { class: 'button primary', href: url, download: `${job.id}.jsonl.gz`, id: 'download-trace' }, 'Download trace.jsonl.gz')),
    h('p', { class: 'muted' }, 'With a token:'),
    h('pre', {}, `curl -H "Authorization: Bearer $ASHIATO_TOKEN" -o trace.jsonl.gz ${location.origin}${url}\ngunzip -c trace.jsonl.gz | jq 'select(.type == "net_connect")'`)));
}
