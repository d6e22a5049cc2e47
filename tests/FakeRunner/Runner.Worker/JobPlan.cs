using FakeRunner.Protocol;

namespace FakeRunner.Worker;

/// <summary>A job step with the names the runner gives it before anything runs.</summary>
/// <param name="ContextName">GITHUB_ACTION: the step's id, else <c>__run</c>, <c>__owner_repo</c>, numbered from _2 when repeated.</param>
/// <param name="DisplayName">The name in the log: the step's name, else "Run &lt;first line&gt;" or "Run owner/repo@ref".</param>
/// <param name="Action">The action a <c>uses:</c> step runs.</param>
internal sealed record PlannedStep(JobStep Step, string ContextName, string DisplayName, ActionReference? Action);

/// <summary>Names every step of a job, as StepsRunner and JobExtension do. Pure.</summary>
internal static class JobPlan
{
    public static IReadOnlyList<PlannedStep> Build(IReadOnlyList<JobStep> steps)
    {
        var names = new ContextNames();
        foreach (var id in steps.Select(step => step.Id).OfType<string>())
        {
            names.Reserve(id);
        }
        return [.. steps.Select(step => step switch
        {
            RunStep run => new PlannedStep(run, names.Next(run.Id, "__run"), run.Name ?? $"Run {FirstLine(run.Run)}", null),
            ActionStep action => Plan(action, ActionReference.Parse(action.Uses), names),
            _ => new PlannedStep(step, names.Next(step.Id, "__" + Kind(step)), step.Name ?? Kind(step), null),
        })];
    }

    private static PlannedStep Plan(ActionStep step, ActionReference action, ContextNames names) =>
        new(step, names.Next(step.Id, $"__{action.Owner}_{action.Repo}"), step.Name ?? $"Run {step.Uses}", action);

    private static string Kind(JobStep step) => step switch
    {
        WaitStep => "wait",
        WaitAllStep => "wait-all",
        CancelStep => "cancel",
        _ => "step",
    };

    private static string FirstLine(string script) =>
        script.Split('\n').Select(line => line.Trim()).FirstOrDefault(line => line.Length > 0) ?? string.Empty;
}

/// <summary>Generated step context names, unique within one scope (the job, or one composite action).</summary>
internal sealed class ContextNames
{
    private readonly HashSet<string> _taken = new(StringComparer.OrdinalIgnoreCase);

    public void Reserve(string id) => _taken.Add(id);

    public string Next(string? id, string generated)
    {
        if (id is not null)
        {
            return id;
        }
        var name = generated;
        for (var suffix = 2; !_taken.Add(name); suffix++)
        {
            name = $"{generated}_{suffix}";
        }
        return name;
    }
}
