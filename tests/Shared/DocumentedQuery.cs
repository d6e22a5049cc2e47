namespace Ashiato.Tests.Shared;

/// <summary>
/// The example query of the product documentation (../shared/seed), character for character, as kept in
/// docs/queries/runner-worker-memory.sql and embedded into every test project that checks it still runs verbatim.
/// </summary>
public static class DocumentedQuery
{
    public static string RunnerWorkerMemory { get; } = Read("runner-worker-memory.sql");

    private static string Read(string resource)
    {
        using var stream = typeof(DocumentedQuery).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"{resource} is not embedded; import tests/Shared/DocumentedQuery.props");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
