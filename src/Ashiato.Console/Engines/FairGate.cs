namespace Ashiato.Web.Engines;

/// <summary>
/// An <see cref="IEngineGate"/> with one FIFO line per organisation, served in turns (round robin): a flood from one
/// organisation waits in its own line while another's single request takes the next free slot. One organisation never
/// holds more than <see cref="MaxPerOrg"/> slots, so a slot is always left for someone else: with two query workers
/// and one global FIFO, a <c>SELECT 1</c> once waited 100 s behind another user's flood.
/// </summary>
public sealed class FairGate : IEngineGate
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Line> _lines = new(StringComparer.Ordinal);
    private readonly LinkedList<Line> _turns = new();
    private int _running;

    /// <param name="name">What the engine is called in messages ("queries").</param>
    /// <param name="capacity">Runs at once, over all organisations.</param>
    /// <param name="maxWaitingPerOrg">Runs one organisation may have waiting; more are refused, which bounds memory.</param>
    public FairGate(string name, int capacity, int maxWaitingPerOrg)
    {
        Name = name;
        Capacity = Math.Max(1, capacity);
        MaxPerOrg = Math.Max(1, Capacity - 1);
        MaxWaitingPerOrg = Math.Max(0, maxWaitingPerOrg);
    }

    public string Name { get; }

    public int Capacity { get; }

    public int MaxPerOrg { get; }

    public int MaxWaitingPerOrg { get; }

    /// <summary>Runs waiting for a slot, over all organisations.</summary>
    public int Waiting
    {
        get
        {
            lock (_lock)
            {
                return _lines.Values.Sum(line => line.Waiting.Count);
            }
        }
    }

    public async Task<IDisposable> EnterAsync(string org, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        Waiter waiter;
        lock (_lock)
        {
            var line = LineOf(org);
            if (line.Waiting.Count == 0 && _running < Capacity && line.Running < MaxPerOrg)
            {
                return Admit(line);
            }
            if (line.Waiting.Count >= MaxWaitingPerOrg)
            {
                Forget(line);
                throw new EngineBusyException($"too many {Name} of this organisation are waiting ({MaxWaitingPerOrg}); try again when they are done");
            }
            waiter = new Waiter(line);
            line.Waiting.Enqueue(waiter);
            if (line.Turn is null)
            {
                line.Turn = _turns.AddLast(line);
            }
        }
        using (ct.Register(() => Abandon(waiter)))
        {
            return await waiter.Admitted.Task;
        }
    }

    private Line LineOf(string org)
    {
        if (!_lines.TryGetValue(org, out var line))
        {
            line = new Line(org);
            _lines.Add(org, line);
        }
        return line;
    }

    private Lease Admit(Line line)
    {
        _running++;
        line.Running++;
        return new Lease(this, line);
    }

    private void Abandon(Waiter waiter)
    {
        lock (_lock)
        {
            // Granted already: the caller gets its lease and sees its own cancellation.
            if (!waiter.Admitted.TrySetCanceled())
            {
                return;
            }
            var line = waiter.Line;
            var others = line.Waiting.Where(w => w != waiter).ToList();
            line.Waiting.Clear();
            others.ForEach(line.Waiting.Enqueue);
            if (line.Waiting.Count == 0 && line.Turn is { } turn)
            {
                _turns.Remove(turn);
                line.Turn = null;
            }
            Forget(line);
        }
    }

    private void Release(Line line)
    {
        lock (_lock)
        {
            _running--;
            line.Running--;
            Dispatch();
            Forget(line);
        }
    }

    /// <summary>Fills free slots, one waiter per organisation in turn; an organisation served goes to the back.</summary>
    private void Dispatch()
    {
        var node = _turns.First;
        while (node is not null && _running < Capacity)
        {
            var next = node.Next;
            var line = node.Value;
            if (line.Waiting.Count == 0)
            {
                _turns.Remove(node);
                line.Turn = null;
                Forget(line);
            }
            else if (line.Running < MaxPerOrg)
            {
                var waiter = line.Waiting.Dequeue();
                waiter.Admitted.TrySetResult(Admit(line));
                _turns.Remove(node);
                line.Turn = line.Waiting.Count > 0 ? _turns.AddLast(line) : null;
            }
            node = next;
        }
    }

    /// <summary>An idle organisation's line is dropped, so the table holds only organisations with work.</summary>
    private void Forget(Line line)
    {
        if (line.Running == 0 && line.Waiting.Count == 0 && line.Turn is null)
        {
            _lines.Remove(line.Org);
        }
    }

    private sealed class Line(string org)
    {
        public string Org { get; } = org;

        public Queue<Waiter> Waiting { get; } = new();

        public int Running { get; set; }

        public LinkedListNode<Line>? Turn { get; set; }
    }

    private sealed class Waiter(Line line)
    {
        public Line Line { get; } = line;

        public TaskCompletionSource<IDisposable> Admitted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Lease(FairGate gate, Line line) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release(line);
            }
        }
    }
}
