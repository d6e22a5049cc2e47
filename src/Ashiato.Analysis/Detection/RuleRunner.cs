using System.Data.Common;
using Ashiato.Analysis.Rules;
using Ashiato.Events;
using Ashiato.Query.Execution;
using DuckDB.NET.Data;

namespace Ashiato.Analysis.Detection;

/// <summary>Runs one rule's SQL and reads its rows (<c>data</c>, and optionally <c>exec_id</c>, <c>severity</c>, <c>summary</c>, <c>reason</c>).</summary>
internal static class RuleRunner
{
    public static IReadOnlyList<RuleRow> Run(DuckDBConnection connection, RuleDefinition rule, CancellationToken cancellationToken)
    {
        var rows = new List<RuleRow>();
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = rule.Sql;
            using var registration = cancellationToken.Register(command.Cancel);
            using DbDataReader reader = command.ExecuteReader();
            var data = Column(reader, "data") ?? throw new UserFacingException(
                $"rule {rule.Id} ({rule.Source}): the query must return a column named data with the evidence event's JSON");
            var execId = Column(reader, "exec_id");
            var severity = Column(reader, "severity");
            var summary = Column(reader, "summary");
            var reason = Column(reader, "reason");
            while (reader.Read())
            {
                if (reader.IsDBNull(data))
                {
                    continue;
                }
                rows.Add(new RuleRow(
                    reader.GetValue(data).ToString()!,
                    execId is { } e && !reader.IsDBNull(e) ? Convert.ToInt64(reader.GetValue(e), System.Globalization.CultureInfo.InvariantCulture) : null,
                    severity is { } s && !reader.IsDBNull(s) ? reader.GetValue(s).ToString() : null,
                    summary is { } m && !reader.IsDBNull(m) ? reader.GetValue(m).ToString() : null,
                    reason is { } r && !reader.IsDBNull(r) ? reader.GetValue(r).ToString() : null));
            }
        }
        catch (DuckDBException e) when (!cancellationToken.IsCancellationRequested)
        {
            var error = DuckDbErrors.ToQueryError(e);
            throw new UserFacingException($"rule {rule.Id} ({rule.Locate(error.Position)}): {FirstLine(error.Message)}", e);
        }
        cancellationToken.ThrowIfCancellationRequested();
        return rows;
    }

    private static int? Column(DbDataReader reader, string name)
    {
        for (var i = 0; i < reader.FieldCount; i++)
        {
            if (string.Equals(reader.GetName(i), name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }
        return null;
    }

    private static string FirstLine(string message) => message.ReplaceLineEndings("\n").Split('\n')[0];
}
