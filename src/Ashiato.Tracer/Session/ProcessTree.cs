namespace Ashiato.Tracer.Session;

/// <summary>The live process tree as /proc shows it, to seed a <c>--pid</c> trace with what already runs.</summary>
public static class ProcessTree
{
    /// <summary>The parent pid in a /proc/PID/stat line (comm may hold spaces and parentheses).</summary>
    public static int? ParseParent(string stat)
    {
        var close = stat.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }
        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 1 && int.TryParse(fields[1], out var ppid) ? ppid : null;
    }

    /// <summary><paramref name="root"/> and every process below it, given each process's parent.</summary>
    public static IReadOnlyList<int> Descendants(int root, IReadOnlyDictionary<int, int> parents)
    {
        var children = parents.GroupBy(p => p.Value).ToDictionary(g => g.Key, g => g.Select(p => p.Key).ToList());
        var found = new List<int> { root };
        for (var i = 0; i < found.Count; i++)
        {
            if (children.TryGetValue(found[i], out var below))
            {
                found.AddRange(below.Where(pid => pid != found[i]));
            }
        }
        return found;
    }

    public static IReadOnlyDictionary<int, int> ReadParents()
    {
        var parents = new Dictionary<int, int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }
            try
            {
                if (ParseParent(File.ReadAllText(Path.Combine(directory, "stat"))) is { } ppid)
                {
                    parents[pid] = ppid;
                }
            }
            catch (IOException)
            {
                // The process exited while we looked; it needs no seeding.
            }
        }
        return parents;
    }

    public static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}");
}
