using Ashiato.Query.Execution;
using Ashiato.Query.Sandbox;

namespace Ashiato.Query.Tests;

/// <summary>
/// An attack on the sandbox. <c>{dir}</c> in the SQL is a folder outside the sandbox holding a secret file and
/// another job's trace. The attempt passes when it is blocked by DuckDB (an SQL error with one of
/// <paramref name="BlockedBy"/>) or contained by the sandbox (an error of one of <paramref name="ContainedAs"/>), and
/// leaves <paramref name="MustNotExist"/> uncreated.
/// </summary>
public sealed record EscapeAttempt(
    string Name,
    string Sql,
    string[] BlockedBy,
    QueryErrorKind[] ContainedAs,
    string? MustNotExist = null,
    bool HarmlessIfSucceeds = false)
{
    public static EscapeAttempt Blocked(string name, string sql, params string[] by) => new(name, sql, by, []);

    public static EscapeAttempt Contained(string name, string sql, params QueryErrorKind[] kinds) =>
        new(name, sql, ["Out of Memory Error", "Permission Error"], kinds);

    public void Check(QueryResult result, string dir)
    {
        if (MustNotExist is not null)
        {
            Assert.False(File.Exists(MustNotExist.Replace("{dir}", dir)) || Directory.Exists(MustNotExist.Replace("{dir}", dir)),
                $"{Name} created {MustNotExist}");
        }
        if (result.Error is null)
        {
            Assert.True(HarmlessIfSucceeds, $"{Name} was neither blocked nor contained");
            return;
        }
        var blocked = result.Error.Kind == QueryErrorKind.Sql && BlockedBy.Any(f => result.Error.Message.Contains(f, StringComparison.Ordinal));
        var contained = ContainedAs.Contains(result.Error.Kind);
        Assert.True(blocked || contained, $"{Name}: unexpected {result.Error.Kind}: {result.Error.Message}");
    }
}
