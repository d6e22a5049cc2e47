-- id: install-egress
-- title: Unexpected network egress during package installation
-- severity: medium
-- description: A process in the tree of an npm, yarn, pnpm or pip install looked up or connected to a host outside
--   the registry allow-list. Connections are judged by the DNS name they were made to, or by address when no name
--   was looked up. From inside a package's install script it is high severity.
-- technique: T1195.002
-- phase: connection
-- remediation: Find the package whose install script made the connection (see the ancestry and its working
--   directory) and remove or pin it. If the host is a registry or mirror you use, add it to egress-allowlist.txt in
--   your --rules folder.
WITH contacts AS (
    SELECT a.ts, a.type, a.data, a.exec_id,
           lower(coalesce(json_extract_string(a.data, '$.hostname'), json_extract_string(a.data, '$.dst_addr'))) AS host,
           TRY_CAST(json_extract(a.data, '$.dst_port') AS INTEGER) AS port
    FROM acts a
    WHERE a.type IN ('dns_query', 'net_connect')
      AND a.exec_id IN (SELECT exec_id FROM install_tree)
)
SELECT c.data,
       c.exec_id,
       CASE WHEN c.exec_id IN (SELECT exec_id FROM under_install_script) THEN 'high' ELSE 'medium' END AS severity,
       format('contacted {} during a package install', c.host) AS summary
FROM contacts c
WHERE c.host IS NOT NULL
  -- a connection to a resolver the trace's lookups went to is not egress: the dns_query it carries is judged instead
  AND NOT (c.type = 'net_connect' AND json_extract_string(c.data, '$.hostname') IS NULL
           AND (format('{}:{}', c.host, c.port) IN (SELECT dns_server FROM dns_query WHERE dns_server IS NOT NULL)
             OR format('[{}]:{}', c.host, c.port) IN (SELECT dns_server FROM dns_query WHERE dns_server IS NOT NULL)))
  AND NOT EXISTS (
        SELECT 1 FROM egress_allowlist w
        WHERE c.host = w.pattern
           OR (starts_with(w.pattern, '*.') AND (c.host = w.pattern[3:] OR ends_with(c.host, w.pattern[2:]))))
