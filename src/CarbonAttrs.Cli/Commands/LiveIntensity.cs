using CarbonAttrs.Carbon;
using CarbonAttrs.Cli.Reference;
using CarbonAttrs.Configuration;

namespace CarbonAttrs.Cli.Commands;

/// <summary>
/// <c>estimate --live</c>: the grid intensity now, from the provider configured for the runtime (environment variables or
/// <c>carbonattrs.json</c>), through the runtime's own providers, so the tool and the ledger agree on what "live" means.
/// </summary>
internal static class LiveIntensity
{
    /// <summary>How far back the Carbon Aware SDK's average reaches (measured data lag behind real time).</summary>
    public static readonly TimeSpan AverageOver = TimeSpan.FromHours(1);

    /// <summary>The served value, the table's with the reason when the provider fails, or null (error written) when none is configured.</summary>
    public static GridIntensity? Fetch(CliContext context, string? country, string? cloud)
    {
        var options = OptionsLoader.LoadFromProcess();
        if (options.IntensityProvider == IntensityProvider.Table)
        {
            context.Error.WriteLine("error: --live needs a live provider: set CARBONATTRS_INTENSITY_PROVIDER=electricitymaps (with CARBONATTRS_ELECTRICITYMAPS_TOKEN) "
                                    + "or carbon-aware-sdk (with CARBONATTRS_CARBON_AWARE_URL and CARBONATTRS_CARBON_AWARE_LOCATION); see docs/intensity.md.");
            return null;
        }
        // --country / --cloud name the grid asked about (and the table value a failure falls back to).
        if (country is not null)
            (options.CountryIsoCode, options.CloudProvider, options.CloudRegion) = (country.Trim().ToUpperInvariant(), null, null);
        else if (cloud is not null && cloud.IndexOfAny([':', '/']) is var separator and > 0)
            (options.CloudProvider, options.CloudRegion) = (cloud[..separator].Trim().ToLowerInvariant(), cloud[(separator + 1)..].Trim().ToLowerInvariant());

        using var source = GridIntensitySource.Create(options, CarbonIntensityResolver.TimeZoneGuessFor(options));
        var now = DateTimeOffset.UtcNow;
        var served = source.For(now - AverageOver, now)?.Resolve() ?? source.Table;
        var provider = GridIntensitySource.Describe(options.IntensityProvider);
        return new GridIntensity("LIVE", $"live grid ({provider})", served.GramsPerKwh, served.Source);
    }
}
