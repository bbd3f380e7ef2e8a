namespace CarbonAttrs.Energy;

/// <summary>
/// Process attribution of a machine-wide counter: each increase of <see cref="Inner"/> is multiplied by
/// this process's share over the same interval (its CPU time over the machine's busy CPU time, or its
/// resident memory over installed memory) before it is added up. The label stays the inner one
/// (<c>measured:rapl</c>); the ledger's <c>tracking_mode</c> column says the figure is a share.
/// </summary>
internal sealed class AttributedEnergySource : IEnergySource
{
    private readonly Func<double> _shareSinceLastRead;
    private double _lastInner;
    private double _total;
    private bool _started;

    public AttributedEnergySource(IEnergySource inner, Func<double> shareSinceLastRead)
    {
        Inner = inner;
        _shareSinceLastRead = shareSinceLastRead;
    }

    public IEnergySource Inner { get; }
    public EnergyComponent Component => Inner.Component;
    public string Source => Inner.Source;
    public TimeSpan? MaxSamplePeriod => Inner.MaxSamplePeriod;

    public bool TryReadTotalJoules(out double joules)
    {
        var share = _shareSinceLastRead();
        if (Inner.TryReadTotalJoules(out var inner))
        {
            if (_started)
                _total += Math.Max(0, inner - _lastInner) * Clamp(share);
            _lastInner = inner;
            _started = true;
        }
        joules = _total;
        return true;
    }

    private static double Clamp(double share) => double.IsNaN(share) ? 0 : Math.Min(1, Math.Max(0, share));

    public void Dispose() => Inner.Dispose();
}
