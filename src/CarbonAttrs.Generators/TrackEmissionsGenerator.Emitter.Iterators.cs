using System.Linq;
using CarbonAttrs.Generators.Emit;
using CarbonAttrs.Generators.Model;

namespace CarbonAttrs.Generators;

public sealed partial class TrackEmissionsGenerator
{
    // Iterators: calling one only creates its enumerable, so there is no window around the call. The wrapper records
    // the arguments and wraps what the iterator returns; each enumeration is then measured by the time spent inside
    // the iterator and written as one row (CarbonAttrs.Runtime.TrackedIterator).
    internal static partial class Emitter
    {
        private const string TrackedIteratorType = "global::CarbonAttrs.Runtime.TrackedIterator";

        private static void WriteIteratorBody(SourceWriter writer, string trackedMethod, EquatableArray<ParameterModel> parameters,
            IteratorKind iterator, string call)
        {
            var callLocal = LocalName("__call", parameters);
            writer.WriteLine("var " + callLocal + " = " + trackedMethod + ".BeginIterator();");
            foreach (var parameter in parameters.Where(p => p.IsRecorded))
                writer.WriteLine(callLocal + ".Argument(" + Literal(parameter.RawName) + ", " + parameter.Name + ");");
            WriteTorchArguments(writer, callLocal, parameters);
            writer.WriteLine("return " + TrackedIteratorType + "." + Parser.WrapperMethod(iterator) + "(" + callLocal + ", " + call + ");");
        }
    }
}
