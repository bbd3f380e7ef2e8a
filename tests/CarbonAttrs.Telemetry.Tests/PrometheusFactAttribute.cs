namespace CarbonAttrs.Telemetry.Tests;

/// <summary>A fact that is skipped, with the reason and the fix, where no <c>prometheus</c> binary is on the PATH.</summary>
public sealed class PrometheusFactAttribute : FactAttribute
{
    public PrometheusFactAttribute()
    {
        if (PrometheusServer.FindBinary() is null)
            Skip = "the prometheus binary is not on the PATH (Debian: apt-get install prometheus; .ci/run installs it)";
    }
}
