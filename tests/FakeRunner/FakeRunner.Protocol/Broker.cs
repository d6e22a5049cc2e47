namespace FakeRunner.Protocol;

/// <summary>
/// The fake's stand-in for the Actions service: a directory that <c>.runner</c>'s serverUrl names. A job is a file in
/// <c>jobs/</c> that the listener acquires by renaming it; a cancel request is a file in <c>cancel/</c>; the listener
/// reports each job in <c>results/</c>; <c>shutdown</c> makes an idle listener exit.
/// </summary>
public sealed record Broker(string Directory)
{
    private const string PendingSuffix = ".json";
    private const string AcquiredSuffix = ".acquired";

    public string Jobs => Path.Combine(Directory, "jobs");

    public string Cancellations => Path.Combine(Directory, "cancel");

    public string Results => Path.Combine(Directory, "results");

    public string Archives => Path.Combine(Directory, "archives");

    public string ShutdownFile => Path.Combine(Directory, "shutdown");

    public Uri ServerUrl => new(Path.TrimEndingDirectorySeparator(Directory) + "/");

    public static Broker FromServerUrl(string serverUrl)
    {
        var uri = new Uri(serverUrl);
        if (!uri.IsFile)
        {
            throw new InvalidDataException($"serverUrl '{serverUrl}' is not a file: URI; the fake runner polls a broker directory, not a service");
        }
        return new Broker(uri.LocalPath);
    }

    public void Create()
    {
        foreach (var directory in new[] { Jobs, Cancellations, Results, Archives })
        {
            System.IO.Directory.CreateDirectory(directory);
        }
    }

    public string PendingJobFile(long requestId) => Path.Combine(Jobs, $"{requestId:D6}{PendingSuffix}");

    public string CancelFile(string jobId) => Path.Combine(Cancellations, jobId);

    public string ResultFile(string jobId) => Path.Combine(Results, $"{jobId}.json");

    /// <summary>Takes the oldest pending job, if any. The rename makes the claim atomic.</summary>
    public JobMessage? TryAcquireNextJob()
    {
        foreach (var pending in System.IO.Directory.GetFiles(Jobs, "*" + PendingSuffix).Order(StringComparer.Ordinal))
        {
            var acquired = pending + AcquiredSuffix;
            try
            {
                File.Move(pending, acquired);
            }
            catch (FileNotFoundException)
            {
                continue;
            }
            return ProtocolJson.ReadFile<JobMessage>(acquired);
        }
        return null;
    }
}
