using Ashiato.Web.Storage;

namespace Ashiato.Web.Auth;

public sealed class SqliteTokenStore(SqliteDatabase database) : ITokenStore
{
    public Task AddAsync(TokenRecord token, CancellationToken ct)
    {
        using var connection = database.Open();
        using var command = SqliteDatabase.Command(connection,
            "INSERT INTO tokens (id, org, role, secret_sha256, name, created_at) VALUES ($id, $org, $role, $hash, $name, $created)",
            ("$id", token.Id), ("$org", token.Org), ("$role", token.Role.ToWire()), ("$hash", token.SecretSha256),
            ("$name", token.Name), ("$created", token.CreatedAt.ToUnixTimeMilliseconds()));
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    private const string Columns = "id, org, role, secret_sha256, name, created_at";

    public Task<TokenRecord?> FindAsync(string id, CancellationToken ct)
    {
        using var connection = database.Open();
        using var command = SqliteDatabase.Command(connection, $"SELECT {Columns} FROM tokens WHERE id = $id", ("$id", id));
        using var r = command.ExecuteReader();
        return Task.FromResult<TokenRecord?>(r.Read() ? Read(r) : null);
    }

    public Task<IReadOnlyList<TokenRecord>> ListAsync(CancellationToken ct)
    {
        using var connection = database.Open();
        using var command = SqliteDatabase.Command(connection, $"SELECT {Columns} FROM tokens ORDER BY created_at, id");
        using var r = command.ExecuteReader();
        var tokens = new List<TokenRecord>();
        while (r.Read())
        {
            tokens.Add(Read(r));
        }
        return Task.FromResult<IReadOnlyList<TokenRecord>>(tokens);
    }

    public Task<bool> DeleteAsync(string id, CancellationToken ct)
    {
        using var connection = database.Open();
        using var command = SqliteDatabase.Command(connection, "DELETE FROM tokens WHERE id = $id", ("$id", id));
        return Task.FromResult(command.ExecuteNonQuery() == 1);
    }

    private static TokenRecord Read(Microsoft.Data.Sqlite.SqliteDataReader r) => new(r.GetString(0), r.GetString(1), TokenRoles.Parse(r.GetString(2)),
        (byte[])r[3], r.IsDBNull(4) ? null : r.GetString(4), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5)));

    public Task<bool> TryMarkBootstrappedAsync(CancellationToken ct)
    {
        using var connection = database.Open();
        using var command = SqliteDatabase.Command(connection,
            "INSERT OR IGNORE INTO settings (key, value) VALUES ('bootstrapped', '1')");
        return Task.FromResult(command.ExecuteNonQuery() == 1);
    }
}
