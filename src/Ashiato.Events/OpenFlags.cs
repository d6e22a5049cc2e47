using System.Globalization;

namespace Ashiato.Events;

/// <summary>
/// The flags argument of open(2) on Linux x86-64, rendered the way strace does: access mode first, then the
/// other bits in ascending order (<c>O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC</c>).
/// </summary>
public readonly record struct OpenFlags(int Value)
{
    public const int AccessModeMask = 0x3;
    public const int WriteOnly = 0x1;
    public const int ReadWrite = 0x2;
    private const int SyncBits = 0x101000;    // __O_SYNC | O_DSYNC
    private const int TmpFileBits = 0x410000; // __O_TMPFILE | O_DIRECTORY

    // Ascending by bit, with each composite where its highest bit sits (as strace prints them).
    private static readonly (int Bits, string Name)[] InRenderOrder =
    [
        (0x40, "O_CREAT"),
        (0x80, "O_EXCL"),
        (0x100, "O_NOCTTY"),
        (0x200, "O_TRUNC"),
        (0x400, "O_APPEND"),
        (0x800, "O_NONBLOCK"),
        (0x1000, "O_DSYNC"),
        (0x2000, "O_ASYNC"),
        (0x4000, "O_DIRECT"),
        (0x8000, "O_LARGEFILE"),
        (0x10000, "O_DIRECTORY"),
        (0x20000, "O_NOFOLLOW"),
        (0x40000, "O_NOATIME"),
        (0x80000, "O_CLOEXEC"),
        (SyncBits, "O_SYNC"),
        (0x200000, "O_PATH"),
        (TmpFileBits, "O_TMPFILE"),
    ];

    public int AccessMode => Value & AccessModeMask;

    public bool Writes => AccessMode is WriteOnly or ReadWrite;

    /// <summary>The longest rendering: every name once, plus the hex of unknown bits.</summary>
    public const int MaxFormattedLength = 256;

    public override string ToString()
    {
        Span<char> text = stackalloc char[MaxFormattedLength];
        return new string(text[..Format(text)]);
    }

    /// <summary>Renders into <paramref name="destination"/> (at least <see cref="MaxFormattedLength"/> long) without allocating.</summary>
    public int Format(Span<char> destination)
    {
        var written = Append(destination, 0, AccessMode switch
        {
            0 => "O_RDONLY",
            WriteOnly => "O_WRONLY",
            ReadWrite => "O_RDWR",
            _ => "O_ACCMODE",
        });
        var rest = Value & ~AccessModeMask;
        // A composite that is fully present claims its bits, so O_SYNC is not also printed as O_DSYNC.
        var claimed = 0;
        foreach (var composite in (ReadOnlySpan<int>)[SyncBits, TmpFileBits])
        {
            if ((rest & composite) == composite)
            {
                claimed |= composite;
            }
        }
        foreach (var (bits, name) in InRenderOrder)
        {
            var isComposite = bits is SyncBits or TmpFileBits;
            var shown = isComposite ? (claimed & bits) == bits : (rest & bits) != 0 && (claimed & bits) == 0;
            if (shown)
            {
                written = Append(destination, Append(destination, written, "|"), name);
            }
            rest &= ~bits;
        }
        if (rest != 0)
        {
            written = Append(destination, written, "|0x");
            rest.TryFormat(destination[written..], out var digits, "x", CultureInfo.InvariantCulture);
            written += digits;
        }
        return written;
    }

    private static int Append(Span<char> destination, int at, string text)
    {
        text.CopyTo(destination[at..]);
        return at + text.Length;
    }
}
