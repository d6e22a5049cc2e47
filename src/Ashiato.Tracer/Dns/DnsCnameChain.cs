using System.Net;

namespace Ashiato.Tracer.Dns;

/// <summary>Follows CNAME records from the question name to the addresses, as a stub resolver does.</summary>
public static class DnsCnameChain
{
    /// <summary>
    /// Follows the answer section's CNAME records from the first question's name and returns the A and AAAA
    /// addresses (class IN) owned by the last name, in reply order, without duplicates. Null when the message has
    /// no question. Names compare case-insensitively (RFC 4343); a CNAME loop stops at the first repeated name.
    /// </summary>
    public static DnsResolution? Resolve(DnsMessage reply)
    {
        if (reply.Question is not { } question)
        {
            return null;
        }

        var chain = new List<string> { question.Name };
        string current = question.Name;
        // A chain cannot be longer than the number of records, so this bounds the walk even for hostile replies.
        for (int step = 0; step < reply.Answers.Count; step++)
        {
            string? next = FindCnameTarget(reply.Answers, current);
            if (next is null || chain.Contains(next, StringComparer.OrdinalIgnoreCase))
            {
                break;
            }

            chain.Add(next);
            current = next;
        }

        var addresses = new List<IPAddress>();
        foreach (DnsResourceRecord record in reply.Answers)
        {
            if (record.Address is { } address
                && string.Equals(record.Name, current, StringComparison.OrdinalIgnoreCase)
                && !addresses.Contains(address))
            {
                addresses.Add(address);
            }
        }

        return new DnsResolution(question.Name, chain, addresses);
    }

    private static string? FindCnameTarget(IReadOnlyList<DnsResourceRecord> answers, string owner)
    {
        foreach (DnsResourceRecord record in answers)
        {
            if (record.Target is { } target && string.Equals(record.Name, owner, StringComparison.OrdinalIgnoreCase))
            {
                return target;
            }
        }

        return null;
    }
}
