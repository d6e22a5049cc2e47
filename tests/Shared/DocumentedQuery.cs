namespace Ashiato.Tests.Shared;

/// <summary>
/// The example query of the product documentation (../shared/seed), character for character. Linked into every
/// test project that checks it still runs verbatim, so there is one copy to compare with the seed.
/// </summary>
public static class DocumentedQuery
{
    public const string RunnerWorkerMemory = """
        WITH runner_pid AS (
          SELECT json_extract_string(data, '$.pid') AS pid
          FROM events
          WHERE json_extract_string(data, '$.type') == 'process_exec'
            AND json_extract_string(data, '$.filename') LIKE '%Runner.Worker%'
        )
        SELECT * FROM events
        WHERE json_extract_string(data, '$.path') = concat('/proc/', (SELECT pid FROM runner_pid) ,'/mem')
          OR (
            json_extract_string(data, '$.path') = concat('/proc/', (SELECT pid FROM runner_pid) ,'/maps')
            AND json_extract_string(data, '$.path') != '/proc/self/maps'
          )
        """;
}
