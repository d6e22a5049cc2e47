using System.Globalization;
using System.Text;
using FakeRunner.Protocol;

namespace FakeRunner.Worker;

/// <summary>
/// A step's output, as the real runner buffers it before upload: one page file per step under <c>_diag/pages/</c>
/// (<c>{timeline}_{record}_1.log</c>), each line stamped with its UTC time, secrets masked.
/// </summary>
internal sealed class StepLog : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly SecretMasker _masker;
    private readonly Lock _lock = new();
    private bool _closed;

    public StepLog(RunnerLayout layout, string jobId, SecretMasker masker)
    {
        Directory.CreateDirectory(layout.Pages);
        Path = System.IO.Path.Combine(layout.Pages, $"{jobId}_{Guid.NewGuid()}_1.log");
        _writer = new StreamWriter(Path, append: false, new UTF8Encoding(false)) { AutoFlush = true };
        _masker = masker;
    }

    public string Path { get; }

    public void WriteLine(string line)
    {
        lock (_lock)
        {
            // A descendant that outlives its step may still write to the inherited pipe; the step's page is closed by then.
            if (_closed)
            {
                return;
            }
            _writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:O} {_masker.Mask(line)}"));
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _closed = true;
            _writer.Dispose();
        }
    }
}
