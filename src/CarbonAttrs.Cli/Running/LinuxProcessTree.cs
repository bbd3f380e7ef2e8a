using System.Diagnostics;
using System.Globalization;

namespace CarbonAttrs.Cli.Running;

/// <summary>
/// Every process below this one (the command, its children and grandchildren, including those that start late),
/// found by scanning <c>/proc/*/stat</c> at each sample. This process is made the reaper of orphans in its tree
/// (<c>PR_SET_CHILD_SUBREAPER</c>), so a grandchild whose parent exits stays below it.
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
    private double _cpuTicks;
    private double _residentGb;
    private HashSet<int> _members = new();
    private List<int> _membersInOrder = new();

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
            _lastScan = 0; // the next read sees it
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
        foreach (var pid in order)
        {
            if (TryReadStat(pid) is not { } stat)
                continue; // gone since pass 1: its time is in an ancestor already read, or is missed this once
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

    private Dictionary<int, List<int>> ChildrenByParent()
    {
        var children = new Dictionary<int, List<int>>();
        IEnumerable<string> entries;
        try { entries = Directory.EnumerateDirectories(_procRoot); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return children; }
        foreach (var entry in entries)
        {
            var name = Path.GetFileName(entry);
            if (name.Length == 0 || !char.IsAsciiDigit(name[0]) || !int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                continue;
            if (TryReadStat(pid) is not { } stat)
                continue;
            if (!children.TryGetValue(stat.ParentId, out var list))
                children[stat.ParentId] = list = new List<int>();
            list.Add(pid);
        }
        return children;
    }

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
        string text;
        try { text = File.ReadAllText(Path.Combine(_procRoot, pid.ToString(CultureInfo.InvariantCulture), "stat")); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return null; }
        return ProcStat.Parse(text);
    }
}

/// <summary>The fields of <c>/proc/PID/stat</c> the tree needs (proc(5)).</summary>
internal readonly record struct ProcStat(char State, int ParentId, double OwnTicks, double ChildTicks, long ResidentPages)
{
    /// <summary>Parses the line; null when it is not a stat line. The name in parentheses may hold spaces and ')'.</summary>
    public static ProcStat? Parse(string text)
    {
        var close = text.LastIndexOf(')');
        if (close < 0 || close + 2 >= text.Length)
            return null;
        // After "(comm) ": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime
        // priority nice threads itrealvalue starttime vsize rss ...
        var fields = text.Substring(close + 2).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 22 || fields[0].Length != 1
            || !int.TryParse(fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var parent))
            return null;
        return new ProcStat(fields[0][0], parent,
            Ticks(fields[11]) + Ticks(fields[12]),
            Ticks(fields[13]) + Ticks(fields[14]),
            long.TryParse(fields[21], NumberStyles.Integer, CultureInfo.InvariantCulture, out var rss) ? Math.Max(0, rss) : 0);

        static double Ticks(string field)
            => ulong.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;
    }
}
