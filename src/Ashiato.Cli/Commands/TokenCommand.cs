using System.CommandLine;
using Ashiato.Web.Auth;
using Ashiato.Web.Storage;

namespace Ashiato.Cli.Commands;

public static class TokenCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "The console's data directory", DefaultValueFactory = _ => "./ashiato-data" };
        var org = new Option<string>("--org") { Description = "Organisation the token belongs to", DefaultValueFactory = _ => OrgName.Default };
        var role = new Option<string>("--role") { Description = "ingest (upload only), read, or admin", Required = true };
        role.AcceptOnlyFromAmong("ingest", "read", "admin");
        var name = new Option<string?>("--name") { Description = "A note saying what the token is for" };
        var create = new Command("create", "Create a token and print it (it is stored hashed and shown only once).") { data, org, role, name };
        create.SetAction(async (parseResult, ct) =>
        {
            var database = new SqliteDatabase(Path.GetFullPath(parseResult.GetValue(data)!));
            var issuer = new TokenIssuer(new SqliteTokenStore(database), TimeProvider.System);
            Console.WriteLine(await issuer.CreateAsync(parseResult.GetValue(org)!, TokenRoles.Parse(parseResult.GetValue(role)!),
                parseResult.GetValue(name), ct));
            return 0;
        });
        return new Command("token", "Manage the console's API tokens.") { create };
    }
}
