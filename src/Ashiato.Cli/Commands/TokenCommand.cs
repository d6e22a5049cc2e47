using System.CommandLine;
using System.Globalization;
using Ashiato.Events;
using Ashiato.Web.Auth;
using Ashiato.Web.Storage;

namespace Ashiato.Cli.Commands;

/// <summary>
/// <c>ashiato token create|list|revoke|rotate</c> on a console's data directory. A token's secret is shown once, at
/// creation or rotation; listing shows ids, never secrets. The admin token of the first start (ASHIATO_ADMIN_TOKEN) has
/// the id <c>external</c> when it was not made by ashiato, and can be rotated or revoked like any other.
/// </summary>
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
            Console.WriteLine(await Issuer(parseResult, data).CreateAsync(parseResult.GetValue(org)!, TokenRoles.Parse(parseResult.GetValue(role)!),
                parseResult.GetValue(name), ct));
            return 0;
        });

        var list = new Command("list", "List the tokens: id, organisation, role, name and creation time (never secrets).") { data };
        list.SetAction(async (parseResult, ct) =>
        {
            Console.WriteLine("id\torg\trole\tcreated\tname");
            foreach (var token in await Store(parseResult, data).ListAsync(ct))
            {
                Console.WriteLine(string.Join('\t', token.Id, token.Org, token.Role.ToWire(),
                    token.CreatedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), token.Name ?? ""));
            }
            return 0;
        });

        var id = new Argument<string>("id") { Description = "The token's id, as `ashiato token list` shows it" };
        var revoke = new Command("revoke", "Delete a token: it and its sessions stop working at once.") { data, id };
        revoke.SetAction(async (parseResult, ct) =>
        {
            var target = parseResult.GetValue(id)!;
            return await Store(parseResult, data).DeleteAsync(target, ct) ? 0 : throw NoSuchToken(target);
        });

        var rotateId = new Argument<string>("id") { Description = "The token's id, as `ashiato token list` shows it" };
        var rotate = new Command("rotate", "Replace a token by a new one with the same organisation, role and name; print the new one.") { data, rotateId };
        rotate.SetAction(async (parseResult, ct) =>
        {
            var target = parseResult.GetValue(rotateId)!;
            Console.WriteLine(await Issuer(parseResult, data).RotateAsync(target, ct) ?? throw NoSuchToken(target));
            return 0;
        });
        return new Command("token", "Manage the console's API tokens.") { create, list, revoke, rotate };
    }

    private static SqliteTokenStore Store(ParseResult parse, Option<string> data) =>
        new(new SqliteDatabase(Path.GetFullPath(parse.GetValue(data)!)));

    private static TokenIssuer Issuer(ParseResult parse, Option<string> data) => new(Store(parse, data), TimeProvider.System);

    private static UserFacingException NoSuchToken(string id) => new($"no token has the id '{id}': see `ashiato token list`");
}
