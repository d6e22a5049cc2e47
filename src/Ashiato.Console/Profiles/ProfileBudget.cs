namespace Ashiato.Web.Profiles;

/// <summary>
/// What a profile may keep in memory, estimated in bytes as it is built. Once spent, the builder stops adding new
/// processes, files, hosts, names and details (it still counts records), and the profile says it is partial: a trace
/// with 16M distinct paths once drove one summary to 5.9 GB and an OutOfMemoryException.
/// </summary>
public sealed class ProfileBudget(long maxBytes)
{
    public static ProfileBudget Unlimited => new(long.MaxValue);

    public long MaxBytes { get; } = maxBytes;

    public long Used { get; private set; }

    /// <summary>Something was left out for lack of budget.</summary>
    public bool Exhausted { get; private set; }

    /// <summary>Spends <paramref name="bytes"/> when they fit; false (and <see cref="Exhausted"/>) when they do not.</summary>
    public bool TryCharge(long bytes)
    {
        if (Used + bytes > MaxBytes)
        {
            Exhausted = true;
            return false;
        }
        Used += bytes;
        return true;
    }

    /// <summary>Rough heap cost of a string: object header plus UTF-16 characters.</summary>
    public static long Text(string? text) => text is null ? 0 : 24 + (2L * text.Length);
}
