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

    public Task<TokenRecord?> FindAsync(string id, CancellationToken ct)
    {
        using var connection = database.Open();
        using var command = SqliteDatabase.Command(connection,
            "SELECT id, org, role, secret_sha256, name, created_at FROM tokens WHERE id = $id", ("$id", id));
        using var r = command.ExecuteReader();
        if (!r.Read())
        {
            return Task.FromResult<TokenRecord?>(null);
        }
        return Task.FromResult<TokenRecord?>(new TokenRecord(r.GetString(0), r.GetString(1), TokenRoles.Parse(r.GetString(2)),
            (byte[])r[3], r.IsDBNull(4) ? null : r.GetString(4), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5))));
    }

    public Task<bool> TryMarkBootstrappedAsync(CancellationToken ct)
    {
        using var connection = database.Open();
        using var command = SqliteDatabase.Command(connection,
            "INSERT OR IGNORE INTO settings (key, value) VALUES ('bootstrapped', '1')");
        return Task.FromResult(command.ExecuteNonQuery() == 1);
    }
}
