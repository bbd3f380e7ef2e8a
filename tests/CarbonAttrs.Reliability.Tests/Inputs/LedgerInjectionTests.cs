using CarbonAttrs.Ledger;
using CarbonAttrs.Reliability.Tests.Support;
using CarbonAttrs.Runtime;

namespace CarbonAttrs.Reliability.Tests.Inputs;

/// <summary>Formulas in every text a user controls, and foreign lines already in the ledger.</summary>
[Collection(ReliabilityCollection.Name)]
public class LedgerInjectionTests
{
    public static readonly string[] Formulas =
    {
        "=cmd|' /C calc'!A0", "=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1", "=1,\"2\"\n=3",
    };

    [Fact]
    public void Formulas_in_names_experiments_results_and_project_are_defused_in_every_text_column()
    {
        using var scope = new TrackerScope(o => o.ProjectName = "=cmd|' /C calc'!A0");
        foreach (var formula in Formulas)
        {
            using (var window = CarbonTracker.Track(formula, formula))
            {
                window.Record(formula, formula);
                window.SetResult(formula);
            }
            var method = new TrackedMethod(formula, formula, summarize: false, recordArguments: true, recordResult: true);
            var call = method.Begin();
            call.Argument(formula, formula);
            call.End();
        }
        CarbonTracker.Flush();

        var ledger = LedgerFile.ReadStrict(scope.LedgerPath);
        Assert.Equal(Formulas.Length * 2, ledger.Records.Count);
        foreach (var record in ledger.Records)
        {
            for (var column = 0; column < record.Fields.Length; column++)
            {
                var value = record.Fields[column];
                var header = ledger.Header[column];
                var numeric = double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);
                // Only a plain number may start with '-' or '+'; no text may start a formula.
                Assert.False(value.Length > 0 && value[0] is '=' or '@' or '\t' or '\r', $"{header} = {value}");
                Assert.False(value.Length > 0 && value[0] is '+' or '-' && !numeric, $"{header} = {value}");
            }
            Assert.StartsWith("'", ledger.Value(record, "method"));
            Assert.StartsWith("'=cmd", ledger.Value(record, "project_name"));
        }
        // The original text survives behind the apostrophe.
        Assert.Contains(ledger.Records, r => ledger.Value(r, "method") == "'=1,\"2\"\n=3");
    }

    public static TheoryData<string, string> ForeignLines => new()
    {
        { "too few columns", "a,b,c\n" },
        { "too many columns", string.Join(",", Enumerable.Repeat("x", 80)) + "\n" },
        { "binary", "\u0001\u0002\u00ff\u00fe\n" },
        { "formula", "=cmd|' /C calc'!A0,=1+1\n" },
        { "torn row without newline", "2024-01-01T00:00:00,proj,abc" },
        { "open quote without newline", "2024-01-01T00:00:00,\"half a quoted" },
        { "open quote then newline", "2024-01-01T00:00:00,\"half a quoted\n" },
        { "empty lines", "\n\n\n" },
    };

    [Theory]
    [MemberData(nameof(ForeignLines))]
    public void Rows_appended_after_foreign_lines_all_parse(string kind, string junk)
    {
        using var scope = new TrackerScope();
        UserCode.Work(2, "before");
        File.AppendAllText(scope.LedgerPath, junk);
        // A new process (a new runtime) appends next, as after a crash or a hand edit.
        TrackerRuntime.Replace(new CarbonAttrsOptions { OutputDirectory = scope.OutputDirectory, IntensityGramsPerKwh = 100 });
        UserCode.Work(3, "after");

        var ledger = LedgerFile.Read(scope.LedgerPath);
        Assert.Equal(5, ledger.WellFormed.Count(r => ledger.Value(r, "experiment_id") == "before"));
        Assert.Equal(7, ledger.WellFormed.Count(r => ledger.Value(r, "experiment_id") == "after"));
        Assert.True(ledger.Malformed.Count() <= junk.Count(c => c == '\n') + 1, kind);
    }
}
