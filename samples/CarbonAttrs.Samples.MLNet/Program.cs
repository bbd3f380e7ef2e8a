// The no-TorchSharp way in: trains ML.NET FastTree classifiers on data the program generates (no download) for a
// bounded hyperparameter grid, and reports what each configuration cost: time, energy, CO2eq, and where each figure
// comes from. Rows go to emissions.csv.
//
//   dotnet run -c Release --project samples/CarbonAttrs.Samples.MLNet [-- --rows 20000 --trees 100]
using System.Diagnostics;
using CarbonAttrs;
using CarbonAttrs.Samples.MLNet;
using Microsoft.ML;
using Spectre.Console;
using Grid = CarbonAttrs.Samples.MLNet.Grid;   // not Spectre.Console.Grid

var settings = SampleSettings.Parse(args);
if (settings is null)
    return 2;

var measured = new List<CarbonMeasurement>();
CarbonTracker.Measured += m => { lock (measured) measured.Add(m); };

Console.WriteLine($"CarbonAttrs ML.NET sample: FastTree on {settings.Rows:N0} generated rows, " +
                  $"{Grid.NumberOfLeaves.Length * Grid.LearningRates.Length} configurations of {settings.Trees} trees each.");
var clock = Stopwatch.StartNew();
var ml = new MLContext(seed: 42);
var split = ml.Data.TrainTestSplit(SyntheticData.Create(ml, settings.Rows), testFraction: 0.2, seed: 42);
var trainer = new FastTreeGridTrainer(ml, split.TrainSet, split.TestSet);
var results = Grid.Run(trainer, settings.Trees, measured);
CarbonTracker.Flush();
clock.Stop();

var console = SampleConsole.Create();
ResultTable.Print(results, measured.Find(m => m.Name == Grid.Name), console);
console.WriteLine();
console.WriteLine($"Ledger: {CarbonTracker.LedgerPath ?? "(no row written)"}   wall time {clock.Elapsed.TotalSeconds:F1} s");
return 0;
