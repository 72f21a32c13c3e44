using HarombeActors.Domain.Events;
using HarombeActors.Domain.State;

namespace HarombeActors.Domain.Decisions;

/// <summary>Collects the events of one decision while applying them, so each step sees the state the previous steps made.</summary>
internal sealed class EventBatch(SecretState state)
{
    private readonly List<ISecretEvent> _events = [];

    public SecretState State { get; private set; } = state;

    public IReadOnlyList<ISecretEvent> Events => _events;

    public EventBatch Emit(ISecretEvent e)
    {
        State = State.Apply(e);
        _events.Add(e);
        return this;
    }
}
