namespace Ashiato.Web.Api;

public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/healthz", () => TypedResults.Text("ok\n")).AllowAnonymous().ExcludeFromDescription();
        return routes;
    }
}
