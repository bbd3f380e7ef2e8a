using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using System.IO.Enumeration;

namespace CarbonAttrs.Cli.Running;

/// <summary>
/// Every process below this one (the command, its children and grandchildren, including those that start late),
/// found through <c>/proc</c> at each sample (the list of processes, then the <c>stat</c> of new ones and of members).
/// This process is made the reaper of orphans in its tree (<c>PR_SET_CHILD_SUBREAPER</c>), so a grandchild whose
/// parent exits stays below it.
/// </summary>
/// <remarks>
/// CPU time of the tree = Σ over live members of (utime + stime + cutime + cstime) + the growth of this process's
/// own cutime + cstime. A process that exits is, once reaped, added to its parent's cutime/cstime by the kernel, so
/// its time moves from its own entry to one ancestor's and is counted exactly once. Ancestors are read before
/// their descendants: a process reaped during a scan is then missed for that one scan (an undercount that the
/// next scan corrects) and never counted twice; the total is kept non-decreasing across such a scan.
/// Orphans reparented here are reaped by the scan (the command itself is left to <see cref="Process"/>).
/// </remarks>
internal sealed class LinuxProcessTree : CommandProcesses
{
    private const double BytesPerGb = 1024.0 * 1024.0 * 1024.0;

    /// <summary>Calls closer together than this share one scan (the sampler asks for CPU time and memory in one read).</summary>
    private static readonly long RescanTicks = Stopwatch.Frequency / 50; // 20 ms

    private readonly string _procRoot;
    private readonly int _self;
    private readonly double _ticksPerSecond;
    private readonly long _pageSize = Environment.SystemPageSize;
    private readonly double _selfChildTicksAtStart;
    private readonly object _gate = new();
    private int _command = -1;
    private long _lastScan; // 0: no scan yet, or the next read must rescan
    private readonly Dictionary<int, int> _parentOf = new(); // every process listed in /proc at the last scan → its parent
    private double _cpuTicks;
    private double _residentGb;
    private HashSet<int> _members = new();
    private List<int> _membersInOrder = new();
    private readonly byte[] _statBuffer = new byte[4096]; // a stat line is about 300 bytes (the name is at most 64)

    public LinuxProcessTree(string procRoot = "/proc")
    {
        _procRoot = procRoot;
        _self = Environment.ProcessId;
        _ticksPerSecond = PosixNative.ClockTicksPerSecond();
        IsSubreaper = PosixNative.BecomeChildSubreaper();
        _selfChildTicksAtStart = TryReadStat(_self) is { } self ? self.ChildTicks : 0;
    }

    /// <summary>False when the kernel refused <c>PR_SET_CHILD_SUBREAPER</c>: orphans then leave the tree (to init).</summary>
    public bool IsSubreaper { get; }

    public override bool FollowsChildren => true;

    public override void Attach(Process command)
    {
        lock (_gate)
        {
            _command = command.Id;
            _lastScan = 0; // the next read finds it
        }
    }

    public override IReadOnlyList<int> RunningNow()
    {
        lock (_gate)
        {
            Scan();
            return _membersInOrder.ToArray();
        }
    }

    public override double CpuSeconds()
    {
        lock (_gate)
        {
            ScanIfStale();
            return _cpuTicks / _ticksPerSecond;
        }
    }

    public override double ResidentGb()
    {
        lock (_gate)
        {
            ScanIfStale();
            return _residentGb;
        }
    }

    public override bool Includes(uint processId)
    {
        lock (_gate)
            return processId <= int.MaxValue && _members.Contains((int)processId);
    }

    private void ScanIfStale()
    {
        if (_lastScan == 0 || Stopwatch.GetTimestamp() - _lastScan >= RescanTicks)
            Scan();
    }

    private void Scan()
    {
        // Pass 1: who is below us. Pass 2: their times, ancestors first (see the remarks).
        var order = DescendantsOf(_self, ChildrenByParent());
        var selfStat = TryReadStat(_self);
        double ticks = selfStat is { } s ? Math.Max(0, s.ChildTicks - _selfChildTicksAtStart) : 0;
        long pages = 0;
        var members = new HashSet<int>();
        var inOrder = new List<int>(order.Count);
        List<int>? exitedOrphans = null;
        var below = new HashSet<int> { _self };
        foreach (var pid in order)
        {
            if (TryReadStat(pid) is not { } stat)
                continue; // gone since pass 1: its time is in an ancestor already read, or is missed this once
            _parentOf[pid] = stat.ParentId; // an orphan's new parent (this process)
            if (!below.Contains(stat.ParentId))
                continue; // left the tree since pass 1 (its id reused by another process)
            below.Add(pid);
            ticks += stat.OwnTicks + stat.ChildTicks;
            if (stat.State == 'Z')
            {
                if (stat.ParentId == _self && pid != _command)
                    (exitedOrphans ??= new List<int>()).Add(pid);
                continue;
            }
            pages += stat.ResidentPages;
            members.Add(pid);
            inOrder.Add(pid);
        }
        if (inOrder.Remove(_command))
            inOrder.Insert(0, _command);

        _cpuTicks = Math.Max(_cpuTicks, ticks);
        _residentGb = pages * (double)_pageSize / BytesPerGb;
        _members = members;
        _membersInOrder = inOrder;
        _lastScan = Stopwatch.GetTimestamp();

        // Reaped after the reads: their time moves into our cutime, which the next scan reads first.
        if (exitedOrphans is not null)
            foreach (var pid in exitedOrphans)
                PosixNative.ReapIfExited(pid);
    }

    /// <summary>
    /// Parent → children of every process now listed in <c>/proc</c>. Only processes new since the last scan have
    /// their <c>stat</c> read (a few microseconds each; all 150 here cost 5 ms): a process outside the tree never
    /// joins it (orphans are reparented to an ancestor, which for ours is in the tree), so the parents of those seen
    /// before are kept, and the members' are refreshed by pass 2. (A process id reused between two scans would keep
    /// its old parent; ids are handed out in sequence up to at least 32768, so that takes that many forks in one period.)
    /// </summary>
    private Dictionary<int, List<int>> ChildrenByParent()
    {
        var listed = new HashSet<int>();
        try
        {
            // Process ids straight from the directory entries: no path string per process.
            var pids = new FileSystemEnumerable<int>(_procRoot, (ref FileSystemEntry entry) => ParsePid(entry.FileName))
            {
                ShouldIncludePredicate = (ref FileSystemEntry entry) => entry.FileName.Length > 0 && char.IsAsciiDigit(entry.FileName[0]),
            };
            foreach (var pid in pids)
            {
                if (pid > 0)
                    listed.Add(pid);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }

        foreach (var gone in _parentOf.Keys.Where(pid => !listed.Contains(pid)).ToArray())
            _parentOf.Remove(gone);
        var children = new Dictionary<int, List<int>>();
        foreach (var pid in listed)
        {
            if (!_parentOf.TryGetValue(pid, out var parent))
            {
                if (TryReadStat(pid) is not { } stat)
                    continue;
                _parentOf[pid] = parent = stat.ParentId;
            }
            if (!children.TryGetValue(parent, out var list))
                children[parent] = list = new List<int>();
            list.Add(pid);
        }
        return children;
    }

    private static int ParsePid(ReadOnlySpan<char> name)
        => int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : -1;

    private static List<int> DescendantsOf(int root, Dictionary<int, List<int>> children)
    {
        var order = new List<int>();
        var queue = new Queue<int>();
        queue.Enqueue(root);
        while (queue.Count > 0)
        {
            if (!children.TryGetValue(queue.Dequeue(), out var list))
                continue;
            list.Sort(); // the command (started first) usually leads
            foreach (var child in list)
            {
                order.Add(child);
                queue.Enqueue(child);
            }
        }
        return order;
    }

    private ProcStat? TryReadStat(int pid)
    {
        // One open and one read into a reused buffer (the sampler thread is the only reader, under _gate):
        // a few microseconds per process, and the scan reads every process on the machine.
        var path = string.Create(CultureInfo.InvariantCulture, $"{_procRoot}/{pid}/stat");
        int length;
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
            length = RandomAccess.Read(handle, _statBuffer, 0);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return null; }
        return ProcStat.Parse(_statBuffer.AsSpan(0, length));
    }
}

/// <summary>The fields of <c>/proc/PID/stat</c> the tree needs (proc(5)).</summary>
internal readonly record struct ProcStat(char State, int ParentId, double OwnTicks, double ChildTicks, long ResidentPages)
{
    public static ProcStat? Parse(string text) => Parse(System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>Parses the line; null when it is not a stat line. The name in parentheses may hold spaces and ')'.</summary>
    public static ProcStat? Parse(ReadOnlySpan<byte> line)
    {
        var close = line.LastIndexOf((byte)')');
        if (close < 0)
            return null;
        // After "(comm) ": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime
        // priority nice threads itrealvalue starttime vsize rss ...
        var rest = line.Slice(close + 1);
        Span<long> numbers = stackalloc long[22];
        var state = '\0';
        var field = 0;
        while (field < 22)
        {
            rest = rest.TrimStart((byte)' ');
            var end = rest.IndexOfAny((byte)' ', (byte)'\n');
            var token = end < 0 ? rest : rest.Slice(0, end);
            if (token.IsEmpty)
                return null;
            if (field == 0)
            {
                if (token.Length != 1)
                    return null;
                state = (char)token[0];
            }
            else if (!Utf8Parser.TryParse(token, out numbers[field], out var used) || used != token.Length)
            {
                return null;
            }
            field++;
            rest = end < 0 ? ReadOnlySpan<byte>.Empty : rest.Slice(end);
        }
        return new ProcStat(state, (int)numbers[1],
            Math.Max(0, numbers[11]) + Math.Max(0, numbers[12]),
            Math.Max(0, numbers[13]) + Math.Max(0, numbers[14]),
            Math.Max(0, numbers[21]));
    }
}
