namespace Ashiato.Query.Output;

/// <summary>How <c>ashiato query</c> prints results.</summary>
public enum OutputFormat
{
    /// <summary>Aligned columns with long cells shortened, a row count and the elapsed time (default on a terminal).</summary>
    Table,

    /// <summary>RFC 4180 CSV with a header row.</summary>
    Csv,

    /// <summary>One JSON array of row objects per result.</summary>
    Json,

    /// <summary>One JSON object per row and line (default when piped).</summary>
    Jsonl,
}
