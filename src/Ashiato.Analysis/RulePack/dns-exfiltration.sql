-- id: dns-exfiltration
-- title: Data encoded in DNS lookups
-- severity: medium
-- description: DNS lookups that carry data out through the names themselves, which no firewall that allows DNS stops:
--   a label of 50 characters or more, or of 24 or more whose characters are as varied as encoded data (Shannon entropy
--   of 3.7 bits a character or more: base32, base64 or hex chunks), under a domain outside the allow-list (medium); and
--   a job (or one traced command) looking up 20 or more different names under one such domain (medium, high when
--   their labels look encoded too). Each process gets one finding per domain, with a count.
-- technique: T1048.003
-- phase: upload
-- remediation: Find the step and process that made the lookups (see the ancestry) and the data it encoded; rotate what
--   it could read. Resolve CI jobs' names through a resolver that logs and limits lookups to the domains they need.
WITH names AS (
    SELECT c.ts, c.data, c.exec_id, c.scope, c.job_id, c.host,
           string_split(c.host, '.') AS labels
    FROM contacts c
    WHERE c.type = 'dns_query' AND c.host LIKE '%.%' AND NOT allowed_host(c.host)
      AND NOT regexp_matches(c.host, '^[0-9.]+$|:|\.(in-addr|ip6)\.arpa$|\.local$')
),
domains AS (
    -- the registered domain, near enough: the last two labels, three under a two-letter country's short second level
    -- (example.co.uk)
    SELECT n.*,
           CASE WHEN len(labels) >= 3 AND len(labels[-1]) = 2 AND len(labels[-2]) <= 3
                THEN array_to_string(labels[-3:], '.') ELSE array_to_string(labels[-2:], '.') END AS domain,
           list_max([length(l) FOR l IN labels]) AS longest
    FROM names n
),
measured AS (
    SELECT d.*,
           (SELECT -sum((k / length(label)) * log2(k / length(label)))
            FROM (SELECT count(*) AS k FROM unnest(string_split(label, '')) t(ch) GROUP BY ch)) AS entropy
    FROM (SELECT *, (SELECT arg_max(l, length(l)) FROM unnest(labels) u(l)) AS label FROM domains) d
),
flagged AS (
    SELECT *, (longest >= 50 OR (longest >= 24 AND entropy >= 3.7)) AS encoded,
           count(DISTINCT host) OVER (PARTITION BY coalesce(job_id, scope), domain) AS names_under_domain,
           count(DISTINCT exec_id) OVER (PARTITION BY scope, domain) AS askers
    FROM measured
),
roots AS (
    -- a step's first exec: the one finding for a loop of lookups made by many short-lived programs (getent, dig)
    SELECT scope, min(exec_id) AS root_exec_id FROM exec_scope GROUP BY scope
)
SELECT f.data, CASE WHEN f.askers > 1 THEN coalesce(r.root_exec_id, f.exec_id) ELSE f.exec_id END AS exec_id,
       CASE WHEN f.names_under_domain >= 20 AND bool_or(f.encoded) OVER (PARTITION BY coalesce(f.job_id, f.scope), f.domain) THEN 'high'
            ELSE 'medium' END AS severity,
       CASE WHEN f.names_under_domain >= 20
            THEN format('looked up {} different names under {} (such as {})', f.names_under_domain, f.domain, f.host)
            ELSE format('looked up a name that carries encoded data: {}', f.host) END AS summary,
       'dns:' || f.domain AS reason
FROM flagged f
LEFT JOIN roots r ON r.scope = f.scope
WHERE f.encoded OR f.names_under_domain >= 20
