using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CarbonAttrs.Analyzers.Training;

/// <summary>
/// What <see cref="IterationCounter"/> needs to know about locals when a loop was bound without its method (the generator
/// binds a loop's header alone, to avoid binding whole methods): the analyzers read the same from the loop's operation tree.
/// </summary>
internal interface ILoopLocals
{
    /// <summary>The value <paramref name="local"/> is declared with, when nothing in its method writes it again; else null.</summary>
    IOperation? UnwrittenInitializer(ILocalSymbol local);

    /// <summary>Whether the body of <paramref name="loop"/> (in source, not the bound header) writes <paramref name="variable"/>.</summary>
    bool AssignedInBody(IForLoopOperation loop, ILocalSymbol variable);
}
