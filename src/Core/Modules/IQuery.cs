namespace Ballast.Core.Modules;

/// <summary>A query's input record; <typeparamref name="TResult"/> is the typed record it answers with.</summary>
public interface IQuery<TResult>;
