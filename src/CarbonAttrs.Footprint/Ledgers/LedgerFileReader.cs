using System.Globalization;
using System.Text;
using System.Text.Json;
using CarbonAttrs.Ledger;

namespace CarbonAttrs.Footprint.Ledgers;

/// <summary>
/// Reads one <c>emissions.csv</c> written by CarbonAttrs or by CodeCarbon. Columns are found by name, so
/// either tool's column order (and CodeCarbon versions that add or drop a column) work. Malformed rows are
/// reported with file and line and skipped; a file without the required columns is rejected as a whole.
/// </summary>
internal static class LedgerFileReader
{
    /// <summary>Columns without which a row cannot be counted.</summary>
    public static readonly IReadOnlyList<string> RequiredColumns = new[] { "timestamp", "run_id", "duration", "emissions", "energy_consumed" };

    public static LedgerReadResult Read(string path, Action<long>? bytesRead = null)
    {
        var rows = new List<LedgerRow>();
        var problems = new List<LedgerProblem>();
        Stream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            problems.Add(new LedgerProblem(path, null, "cannot be read: " + Describe(ex), true));
            return new LedgerReadResult(rows, problems);
        }

        using (stream)
        using (var counting = new CountingStream(stream, bytesRead))
        using (var reader = new StreamReader(counting, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true))
        {
            try
            {
                ReadRecords(path, reader, rows, problems);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DecoderFallbackException)
            {
                problems.Add(new LedgerProblem(path, null, "cannot be read: " + Describe(ex), true));
            }
        }
        return new LedgerReadResult(rows, problems);
    }

    private static void ReadRecords(string path, TextReader reader, List<LedgerRow> rows, List<LedgerProblem> problems)
    {
        ColumnMap? columns = null;
        foreach (var record in CsvFormat.ReadRecords(reader))
        {
            if (record.Fields.Length == 1 && record.Fields[0].Trim().Length == 0)
                continue; // blank line
            if (columns is null)
            {
                columns = new ColumnMap(record.Fields);
                var missing = RequiredColumns.Where(c => !columns.Has(c)).ToArray();
                if (missing.Length > 0)
                {
                    problems.Add(new LedgerProblem(path, record.Line,
                        $"not an emissions ledger: missing required column{(missing.Length > 1 ? "s" : "")} {string.Join(", ", missing)} "
                        + "(a CarbonAttrs or CodeCarbon emissions.csv starts with a header naming them)", true));
                    return;
                }
                continue;
            }

            if (!record.Complete)
            {
                problems.Add(new LedgerProblem(path, record.Line, "row ends inside a quoted field (torn last row); skipped", false));
                continue;
            }
            if (record.Fields.Length != columns.Count)
            {
                problems.Add(new LedgerProblem(path, record.Line,
                    $"row has {record.Fields.Length} fields but the header has {columns.Count}; skipped", false));
                continue;
            }

            var row = ParseRow(path, record, columns, out var error);
            if (row is null)
                problems.Add(new LedgerProblem(path, record.Line, error + "; skipped", false));
            else
                rows.Add(row);
        }

        if (columns is null)
            problems.Add(new LedgerProblem(path, null, "is empty (no header): not an emissions ledger", true));
    }

    private static LedgerRow? ParseRow(string path, CsvRecord record, ColumnMap columns, out string error)
    {
        string Get(string name) => columns.Get(record.Fields, name);
        error = "";

        var runId = Get("run_id");
        if (runId.Length == 0) { error = "run_id is empty"; return null; }
        if (!TryParseTimestamp(Get("timestamp"), out var end)) { error = $"timestamp '{Get("timestamp")}' is not a date and time"; return null; }
        if (!TryRequired(Get("duration"), "duration", out var duration, ref error)
            || !TryRequired(Get("emissions"), "emissions", out var emissions, ref error)
            || !TryRequired(Get("energy_consumed"), "energy_consumed", out var energy, ref error))
            return null;
        if (!TryOptional(Get("cpu_energy"), "cpu_energy", out var cpu, ref error)
            || !TryOptional(Get("gpu_energy"), "gpu_energy", out var gpu, ref error)
            || !TryOptional(Get("ram_energy"), "ram_energy", out var ram, ref error))
            return null;

        var format = columns.Has("method") ? LedgerFormat.CarbonAttrs : LedgerFormat.CodeCarbon;
        var hyperJson = Get("hyperparameters");
        var project = Get("project_name");
        var method = Get("method");
        return new LedgerRow
        {
            File = path,
            Line = record.Line,
            Format = format,
            End = end,
            DurationSeconds = duration,
            RunId = runId,
            ParentRunId = NullIfEmpty(Get("parent_run_id")),
            ProjectName = project,
            ExperimentId = Get("experiment_id"),
            Method = method.Length > 0 ? method : (project.Length > 0 ? project : "(unnamed)"),
            Status = Get("status") is { Length: > 0 } status ? status : "ok",
            Calls = long.TryParse(Get("calls"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var calls) && calls > 0 ? calls : 1,
            EmissionsKg = emissions,
            EnergyKwh = energy,
            CpuKwh = cpu ?? 0,
            GpuKwh = gpu ?? 0,
            RamKwh = ram ?? 0,
            CpuSource = SourceOrDefault(Get("cpu_energy_source"), format),
            GpuSource = SourceOrDefault(Get("gpu_energy_source"), format),
            RamSource = SourceOrDefault(Get("ram_energy_source"), format),
            IntensityGramsPerKwh = OptionalNumber(Get("intensity_g_per_kwh")),
            IntensitySource = Get("intensity_source") is { Length: > 0 } source ? source
                : format == LedgerFormat.CodeCarbon ? "CodeCarbon (derived from emissions / energy)" : "",
            Pue = OptionalNumber(Get("pue")),
            CountryIsoCode = Get("country_iso_code"),
            CountryName = Get("country_name"),
            CloudProvider = Get("cloud_provider"),
            CloudRegion = Get("cloud_region"),
            CpuModel = Get("cpu_model"),
            CpuCount = OptionalInt(Get("cpu_count")),
            GpuModel = Get("gpu_model"),
            GpuCount = OptionalInt(Get("gpu_count")),
            Os = Get("os"),
            TrackingMode = Get("tracking_mode") is { Length: > 0 } mode ? mode : format == LedgerFormat.CodeCarbon ? "machine" : "process",
            Host = Get("host"),
            Rank = Get("rank"),
            ToolVersion = format == LedgerFormat.CarbonAttrs ? "CarbonAttrs " + Get("carbonattrs_version") : "CodeCarbon " + Get("codecarbon_version"),
            HyperparametersJson = hyperJson,
            Hyperparameters = ParseHyperparameters(hyperJson),
            Result = OptionalNumber(Get("result")),
            Flops = NonNegative(OptionalNumber(Get("flops"))),
            Samples = NonNegative(OptionalNumber(Get("samples"))),
        };
    }

    private static string SourceOrDefault(string source, LedgerFormat format)
        => source.Length > 0 ? source : format == LedgerFormat.CodeCarbon ? "codecarbon (method not recorded)" : "not recorded";

    /// <summary>Turns the hyperparameters JSON object into name/value pairs, in written order.</summary>
    internal static IReadOnlyList<KeyValuePair<string, string>> ParseHyperparameters(string json)
    {
        if (json.Length == 0)
            return Array.Empty<KeyValuePair<string, string>>();
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return new[] { new KeyValuePair<string, string>("value", json) };
            return document.RootElement.EnumerateObject()
                .Select(p => new KeyValuePair<string, string>(p.Name, p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() ?? "" : p.Value.GetRawText()))
                .ToArray();
        }
        catch (JsonException)
        {
            return new[] { new KeyValuePair<string, string>("value", json) };
        }
    }

    internal static bool TryParseTimestamp(string text, out DateTimeOffset value)
    {
        // CarbonAttrs writes UTC without an offset; CodeCarbon writes an ISO time, with or without an offset.
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }

    private static bool TryRequired(string text, string column, out double value, ref string error)
    {
        if (TryNumber(text, out value) && value >= 0)
            return true;
        error = text.Length == 0 ? $"{column} is empty" : $"{column} '{text}' is not a non-negative number";
        return false;
    }

    private static bool TryOptional(string text, string column, out double? value, ref string error)
    {
        value = null;
        if (text.Length == 0 || text.Equals("nan", StringComparison.OrdinalIgnoreCase))
            return true;
        if (TryNumber(text, out var number) && number >= 0)
        {
            value = number;
            return true;
        }
        error = $"{column} '{text}' is not a non-negative number";
        return false;
    }

    private static bool TryNumber(string text, out double value)
        => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && !double.IsNaN(value) && !double.IsInfinity(value);

    private static double? OptionalNumber(string text) => TryNumber(text, out var value) ? value : null;

    // A negative count is no count (an older writer's placeholder, a hand edit): reported as unknown, not subtracted.
    private static double? NonNegative(double? value) => value is >= 0 ? value : null;

    private static int? OptionalInt(string text)
        => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && value < int.MaxValue ? (int)value : null;

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    private static string Describe(Exception ex) => ex switch
    {
        FileNotFoundException => "no such file",
        DirectoryNotFoundException => "no such folder",
        UnauthorizedAccessException => "permission denied",
        _ => ex.Message,
    };

    /// <summary>Header name → field index, case-insensitive; a BOM or spaces around names are ignored.</summary>
    private sealed class ColumnMap
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.OrdinalIgnoreCase);

        public ColumnMap(string[] header)
        {
            Count = header.Length;
            for (var i = 0; i < header.Length; i++)
            {
                var name = header[i].Trim().TrimStart('\uFEFF');
                _index.TryAdd(name, i);
            }
        }

        public int Count { get; }
        public bool Has(string name) => _index.ContainsKey(name);
        public string Get(string[] fields, string name) => _index.TryGetValue(name, out var i) ? fields[i].Trim() : "";
    }
}

/// <summary>Rows read from one file and what was wrong with it.</summary>
internal sealed record LedgerReadResult(IReadOnlyList<LedgerRow> Rows, IReadOnlyList<LedgerProblem> Problems);
