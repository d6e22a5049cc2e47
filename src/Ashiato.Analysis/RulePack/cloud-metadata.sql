-- id: cloud-metadata
-- title: Cloud metadata service reached
-- severity: medium
-- description: A process connected to a cloud instance metadata service (169.254.169.254 for AWS, Azure, Google Cloud
--   and others, fd00:ec2::254 for AWS over IPv6, 169.254.170.2 for AWS container credentials, 100.100.100.200 for
--   Alibaba Cloud) or looked up its name (metadata.google.internal, instance-data). On a cloud runner it hands out the
--   machine's own credentials to any process that asks. Asking for credentials or tokens by URL (iam/security-credentials,
--   service-accounts/.../token, identity/oauth2/token, the IMDSv2 token) is high severity.
-- technique: T1552.005
-- phase: credential read
-- remediation: Check which step asked (see the ancestry). A build rarely needs the machine's role: block the metadata
--   service from job processes (IMDSv2 with a hop limit of 1, a firewall rule, or a runner without an instance role)
--   and rotate the role's credentials if a dependency or action asked for them.
WITH reached AS (
    SELECT c.*, x.program, x.args
    FROM contacts c
    LEFT JOIN execs x ON x.exec_id = c.exec_id
    WHERE (c.type = 'net_connect' AND c.address IN ('169.254.169.254', 'fd00:ec2::254', '169.254.170.2', '100.100.100.200'))
       OR c.host IN ('metadata.google.internal', 'metadata', 'instance-data', 'instance-data.ec2.internal', 'metadata.azure.com')
)
SELECT r.data, r.exec_id,
       CASE WHEN regexp_matches(coalesce(array_to_string(r.args, ' '), ''),
                 'security-credentials|service-accounts/[^ ]*/token|identity/oauth2/token|latest/api/token|/metadata/identity') THEN 'high'
            ELSE 'medium' END AS severity,
       format('{} {} the cloud metadata service ({})', coalesce(r.program, format('pid {}', r.pid)),
              CASE WHEN r.type = 'dns_query' THEN 'looked up' ELSE 'connected to' END, r.host) AS summary,
       'metadata' AS reason
FROM reached r
