using System.Globalization;
using System.Text.Json;
using CarbonAttrs.Diagnostics;

namespace CarbonAttrs.Configuration;

/// <summary>
/// Builds <see cref="CarbonAttrsOptions"/> from <c>carbonattrs.json</c> and the environment. A malformed
/// value is reported (naming the setting and the value) and the default is kept: configuration never throws.
/// </summary>
internal static class OptionsLoader
{
    internal const string ConfigFileName = "carbonattrs.json";

    public static CarbonAttrsOptions Load(Func<string, string?> getEnvironmentVariable, string? configFilePath)
    {
        var options = new CarbonAttrsOptions();
        if (configFilePath is not null && File.Exists(configFilePath))
            ApplyJsonFile(options, configFilePath);
        ApplyEnvironment(options, getEnvironmentVariable);
        return options;
    }

    public static CarbonAttrsOptions LoadFromProcess()
    {
        var path = Environment.GetEnvironmentVariable("CARBONATTRS_CONFIG") ?? Path.Combine(Environment.CurrentDirectory, ConfigFileName);
        return Load(Environment.GetEnvironmentVariable, path);
    }

    /// <summary>Every setting with its environment variable and JSON key; one table so both sources agree.</summary>
    private static readonly Setting[] Settings =
    {
        new("CARBONATTRS_OUTPUT_DIR", "outputDir", (o, v, src) => o.OutputDirectory = v),
        new("CARBONATTRS_POWERCAP_ROOT", "powercapRoot", (o, v, src) => o.PowercapRoot = v),
        new("CARBONATTRS_NVML_LIBRARY", "nvmlLibrary", (o, v, src) => o.NvmlLibrary = v),
        new("CARBONATTRS_COUNTRY", "country", (o, v, src) => o.CountryIsoCode = v.Trim().ToUpperInvariant()),
        new("CARBONATTRS_CLOUD_PROVIDER", "cloudProvider", (o, v, src) => o.CloudProvider = v.Trim().ToLowerInvariant()),
        new("CARBONATTRS_CLOUD_REGION", "cloudRegion", (o, v, src) => o.CloudRegion = v.Trim().ToLowerInvariant()),
        new("CARBONATTRS_INTENSITY_G_PER_KWH", "intensityGPerKwh", (o, v, src) =>
        {
            if (TryParsePositive(v, allowZero: true, out var g)) o.IntensityGramsPerKwh = g;
            else Malformed(src, v, "a number of grams CO2eq per kWh, at least 0 (e.g. 350)", "no forced intensity");
        }),
        new("CARBONATTRS_PUE", "pue", (o, v, src) =>
        {
            if (TryParsePositive(v, allowZero: false, out var pue) && pue >= 1.0) o.Pue = pue;
            else Malformed(src, v, "a number of at least 1.0 (1.0 for a workstation, about 1.58 for an average data centre)", "1.0");
        }),
        new("CARBONATTRS_TRACKING_MODE", "trackingMode", (o, v, src) =>
        {
            switch (v.Trim().ToLowerInvariant())
            {
                case "process": o.TrackingMode = TrackingMode.Process; break;
                case "machine": o.TrackingMode = TrackingMode.Machine; break;
                default: Malformed(src, v, "'process' or 'machine'", "process"); break;
            }
        }),
        new("CARBONATTRS_SAMPLE_INTERVAL_MS", "sampleIntervalMs", (o, v, src) =>
        {
            if (int.TryParse(v.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms >= 1 && ms <= 600_000)
                o.SampleInterval = TimeSpan.FromMilliseconds(ms);
            else Malformed(src, v, "a whole number of milliseconds between 1 and 600000", "chosen from the counters");
        }),
        new("CARBONATTRS_DISABLED", "disabled", (o, v, src) =>
        {
            switch (v.Trim().ToLowerInvariant())
            {
                case "1": case "true": case "yes": o.Disabled = true; break;
                case "0": case "false": case "no": case "": o.Disabled = false; break;
                default: Malformed(src, v, "1 or 0", "enabled"); break;
            }
        }),
        new("CARBONATTRS_PROJECT_NAME", "projectName", (o, v, src) => o.ProjectName = v),
        new("CARBONATTRS_INTENSITY_PROVIDER", "intensityProvider", (o, v, src) =>
        {
            switch (v.Trim().ToLowerInvariant())
            {
                case "table": o.IntensityProvider = IntensityProvider.Table; break;
                case "electricitymaps": case "electricity-maps": o.IntensityProvider = IntensityProvider.ElectricityMaps; break;
                case "carbon-aware-sdk": case "carbonawaresdk": case "carbon-aware": o.IntensityProvider = IntensityProvider.CarbonAwareSdk; break;
                default: Malformed(src, v, "'table', 'electricitymaps' or 'carbon-aware-sdk'", "table"); break;
            }
        }),
        // The token is never echoed: a malformed-value warning would print it, so it is taken as given.
        new("CARBONATTRS_ELECTRICITYMAPS_TOKEN", "electricityMapsToken", (o, v, src) => o.ElectricityMapsToken = v.Trim()),
        new("CARBONATTRS_ELECTRICITYMAPS_ZONE", "electricityMapsZone", (o, v, src) => o.ElectricityMapsZone = v.Trim()),
        new("CARBONATTRS_ELECTRICITYMAPS_URL", "electricityMapsUrl", (o, v, src) =>
        {
            if (IsHttpUrl(v)) o.ElectricityMapsUrl = v.Trim();
            else Malformed(src, v, "an http or https URL such as https://api.electricitymaps.com", "https://api.electricitymaps.com");
        }),
        new("CARBONATTRS_CARBON_AWARE_URL", "carbonAwareUrl", (o, v, src) =>
        {
            if (IsHttpUrl(v)) o.CarbonAwareUrl = v.Trim();
            else Malformed(src, v, "an http or https URL of a Carbon Aware SDK WebAPI such as http://localhost:8080", "none");
        }),
        new("CARBONATTRS_CARBON_AWARE_LOCATION", "carbonAwareLocation", (o, v, src) => o.CarbonAwareLocation = v.Trim()),
        new("CARBONATTRS_BUDGET_KG", "budgetKgCO2e", (o, v, src) =>
        {
            if (TryParsePositive(v, allowZero: false, out var kg)) o.BudgetKgCO2e = kg;
            else Malformed(src, v, "a number of kg CO2eq greater than 0 (e.g. 0.5)", "no budget");
        }),
        new("CARBONATTRS_BUDGET_ACTION", "budgetAction", (o, v, src) =>
        {
            switch (v.Trim().ToLowerInvariant())
            {
                case "warn": o.BudgetAction = BudgetAction.Warn; break;
                case "stop": o.BudgetAction = BudgetAction.Stop; break;
                default: Malformed(src, v, "'warn' or 'stop'", "warn"); break;
            }
        }),
        new("CARBONATTRS_MAX_ROWS_PER_SECOND", "maxRowsPerSecond", (o, v, src) =>
        {
            if (int.TryParse(v.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var rows) && rows >= 0 && rows <= 100_000_000)
                o.MaxRowsPerSecond = rows;
            else Malformed(src, v, "a whole number of rows per second per method, 0 (guard off) to 100000000", CarbonAttrsOptions.DefaultMaxRowsPerSecond.ToString(CultureInfo.InvariantCulture));
        }),
    };

    private static void ApplyEnvironment(CarbonAttrsOptions options, Func<string, string?> getEnvironmentVariable)
    {
        foreach (var setting in Settings)
        {
            var value = getEnvironmentVariable(setting.EnvironmentVariable);
            if (!string.IsNullOrEmpty(value))
                setting.Apply(options, value!, setting.EnvironmentVariable);
        }
    }

    private static void ApplyJsonFile(CarbonAttrsOptions options, string path)
    {
        JsonDocument document;
        try
        {
            using var stream = File.OpenRead(path);
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            TrackerLog.Warn("config-file:" + path,
                $"{path} could not be read ({ex.Message}); it is ignored and defaults are used. Fix the file (a JSON object such as {{\"country\": \"FRA\", \"pue\": 1.2}}) or remove it.");
            return;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                TrackerLog.Warn("config-file:" + path, $"{path} must hold a JSON object such as {{\"country\": \"FRA\"}}; it is ignored.");
                return;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                var setting = Array.Find(Settings, s => string.Equals(s.JsonKey, property.Name, StringComparison.OrdinalIgnoreCase));
                var source = $"{path}: \"{property.Name}\"";
                if (setting is null)
                {
                    var known = string.Join(", ", Array.ConvertAll(Settings, s => s.JsonKey));
                    TrackerLog.Warn("config-key:" + property.Name, $"{source} is not a CarbonAttrs setting and is ignored. Known settings: {known}.");
                    continue;
                }

                var value = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString() ?? "",
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    JsonValueKind.Null => null,
                    _ => property.Value.GetRawText(),
                };
                if (value is not null)
                    setting.Apply(options, value, source);
            }
        }
    }

    private static bool TryParsePositive(string text, bool allowZero, out double value)
        => double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value)
           && !double.IsNaN(value) && !double.IsInfinity(value) && (allowZero ? value >= 0 : value > 0);

    private static bool IsHttpUrl(string text)
        => Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static void Malformed(string source, string value, string expected, string fallback)
        => TrackerLog.Warn("config-value:" + source,
            $"{source} = '{value}' is not valid: expected {expected}. Using the default ({fallback}).");

    private sealed record Setting(string EnvironmentVariable, string JsonKey, Action<CarbonAttrsOptions, string, string> Apply);
}
