-- title: Outbound connections by process
-- description: Where each command connected to, how often, and the DNS name behind the address when the trace saw the lookup.
SELECT comm, dst_addr, dst_port, protocol, any_value(hostname) AS hostname, count(*) AS connections, min(ts) AS first_seen
FROM net_connect
GROUP BY comm, dst_addr, dst_port, protocol
ORDER BY connections DESC, comm
