using Ashiato.Web.Backends;

namespace Ashiato.Web.Tests.Support;

/// <summary>The console with the real rule pack: <c>ashiato detect</c>, built next to the tests, run as a child process.</summary>
public static class RulePackBackends
{
    /// <summary>How to start the <c>ashiato</c> built next to the tests.</summary>
    public static IReadOnlyList<string> Command =>
        [Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", "exec", Path.Combine(AppContext.BaseDirectory, "ashiato.dll")];

    public static AshiatoChild Ashiato() => new(Command, TimeSpan.FromMinutes(2));

    public static IDetectionSource Detections() => new ProcessDetectionSource(Ashiato());

    public static ConsoleBackends All() => new() { Detections = Detections(), Comparer = new ProcessJobComparer(Ashiato()) };
}
