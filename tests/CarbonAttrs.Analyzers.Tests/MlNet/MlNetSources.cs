namespace CarbonAttrs.Analyzers.Tests.MlNet;

/// <summary>Usings and a small data model every ML.NET test source starts with.</summary>
internal static class MlNetSources
{
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using CarbonAttrs;
        using Microsoft.ML;
        using Microsoft.ML.Data;
        using Microsoft.ML.Trainers;
        using Microsoft.ML.Trainers.FastTree;

        """;

    /// <summary>Input and output rows, and a context with loaded data, as ML.NET programs have them.</summary>
    public const string Rows = """
        public class Row { public float X1; public float X2; public bool Label; }
        public class Prediction { public bool PredictedLabel; public float Score; }

        """;
}
