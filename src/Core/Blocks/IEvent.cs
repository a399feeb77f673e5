namespace Ballast.Core.Blocks;

/// <summary>Something that happened, emitted by a transaction or a block hook. Events are records (or record structs).</summary>
public interface IEvent;
