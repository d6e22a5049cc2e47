-- title: New hosts compared with other traces
-- description: Load the trace to check together with one or more normal runs (ashiato query new.jsonl.gz 'baseline/*.jsonl.gz'). Lists, per trace, the DNS names and connection destinations that no other loaded trace contacted.
WITH hosts AS (
  SELECT job, hostname AS host, 'dns_query' AS seen_as FROM dns_query
  UNION
  SELECT job, coalesce(hostname, dst_addr) AS host, 'net_connect' AS seen_as FROM net_connect
)
SELECT h.job, h.host, string_agg(DISTINCT h.seen_as, ', ' ORDER BY h.seen_as) AS seen_as
FROM hosts h
WHERE NOT EXISTS (SELECT 1 FROM hosts other WHERE other.host = h.host AND other.job <> h.job)
GROUP BY h.job, h.host
ORDER BY h.job, h.host
