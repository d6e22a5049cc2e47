using System.Diagnostics.CodeAnalysis;

namespace Ashiato.Web.Storage;

/// <summary>
/// A job's identity: 32 lowercase hex digits (a version 7 GUID, so ids sort by creation time). Anything else is
/// rejected before it gets near a file name, which is what keeps ids from traversing paths.
/// </summary>
public readonly record struct JobId
{
    private JobId(string value) => Value = value;

    public string Value { get; }

    public static JobId New(TimeProvider time) => new(Guid.CreateVersion7(time.GetUtcNow()).ToString("N"));

    public static bool TryParse([NotNullWhen(true)] string? text, out JobId id)
    {
        id = default;
        if (text is not { Length: 32 } || !text.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            return false;
        }
        id = new JobId(text);
        return true;
    }

    public override string ToString() => Value;
}
