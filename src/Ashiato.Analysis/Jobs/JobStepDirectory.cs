using System.Data.Common;
using Ashiato.Query.Loading;
using DuckDB.NET.Data;

namespace Ashiato.Analysis.Jobs;

/// <summary>
/// The steps of a trace's GitHub Actions jobs, read once from the query engine's <c>steps</c> and <c>runner_jobs</c>
/// views: the one place detections and diffs learn what a <c>(job_id, step)</c> pair ran.
/// </summary>
public sealed class JobStepDirectory
{
    private readonly Dictionary<(string JobId, int Step), JobStep> _steps;
    private readonly Dictionary<string, WorkflowJob> _jobs;

    public JobStepDirectory(IEnumerable<JobStep> steps, IEnumerable<WorkflowJob> jobs)
    {
        _steps = steps.ToDictionary(s => (s.JobId, s.Number));
        _jobs = jobs.ToDictionary(j => j.JobId, StringComparer.Ordinal);
    }

    public static JobStepDirectory Empty { get; } = new([], []);

    /// <summary>Every step with a <c>step</c> record, in order of job and number.</summary>
    public IEnumerable<JobStep> Steps => _steps.Values.OrderBy(s => s.JobId, StringComparer.Ordinal).ThenBy(s => s.Number);

    /// <summary>
    /// The step a record's <c>job_id</c> and <c>step</c> name. A step the trace has no <c>step</c> record of (the worker's
    /// own step 0 before any housekeeping, a step that started before a <c>--pid</c> attach the tracer could not see) is
    /// still that step, with what is known.
    /// </summary>
    public JobStep Find(string jobId, int step)
    {
        if (_steps.TryGetValue((jobId, step), out var known))
        {
            return known;
        }
        var job = _jobs.GetValueOrDefault(jobId);
        return new JobStep(jobId, step, step == 0 ? JobStep.RunnerKind : null, null, null, null, null, job?.Name, job?.Repository);
    }

    /// <summary>Reads the loaded trace's steps (one trace: the views' <c>job</c> column is the same on every row).</summary>
    public static JobStepDirectory Read(DuckDBConnection connection)
    {
        var jobs = new Dictionary<string, WorkflowJob>(StringComparer.Ordinal);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT job_id, github_job, repository FROM {EventsSchema.RunnerJobsView} WHERE job_id IS NOT NULL";
            using DbDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                jobs[reader.GetString(0)] = new WorkflowJob(reader.GetString(0), Text(reader, 1), Text(reader, 2));
            }
        }
        var steps = new List<JobStep>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"""
                SELECT job_id, step, kind, name, action, script, script_sha256
                FROM {EventsSchema.StepsView}
                WHERE job_id IS NOT NULL AND step IS NOT NULL
                """;
            using DbDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                var jobId = reader.GetString(0);
                var job = jobs.GetValueOrDefault(jobId);
                steps.Add(new JobStep(jobId, reader.GetInt32(1), Text(reader, 2), Text(reader, 3), Text(reader, 4), Text(reader, 5), Text(reader, 6),
                    job?.Name, job?.Repository));
            }
        }
        return new JobStepDirectory(steps, jobs.Values);
    }

    private static string? Text(DbDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);
}

/// <summary>A job's place in GitHub: its key in the workflow (GITHUB_JOB) and the repository, from <c>runner_job</c>.</summary>
public sealed record WorkflowJob(string JobId, string? Name, string? Repository);
