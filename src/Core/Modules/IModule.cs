namespace Ballast.Core.Modules;

/// <summary>
/// A protocol module: registers its state, transactions, block hooks and parameters with the engine. Modules
/// know the core and the public surface of the modules they build on, never a host.
/// </summary>
public interface IModule
{
    /// <summary>Short lowercase name: prefix of its transaction types (<c>subnets.swap</c>) and its pause key.</summary>
    string Name { get; }

    void Configure(ModuleBuilder builder);
}
