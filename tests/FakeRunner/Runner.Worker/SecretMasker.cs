namespace FakeRunner.Worker;

/// <summary>Replaces secret values with *** in everything the runner writes: its log, the job message it logs, step output.</summary>
internal sealed class SecretMasker(IEnumerable<string> secrets)
{
    private readonly string[] _secrets = [.. secrets.Where(s => s.Length > 0).OrderByDescending(s => s.Length)];

    public string Mask(string text)
    {
        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, "***", StringComparison.Ordinal);
        }
        return text;
    }
}
