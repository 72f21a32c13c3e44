namespace HarombeActors.Domain.Targets;

/// <summary>
/// A managed secret's link to where its credential is checked: the configured backend's name and kind, and the
/// username the operator chose. The login a version uses is recorded per version (<see cref="State.SecretState.Armed"/>).
/// </summary>
public sealed record TargetBinding(string Backend, TargetKind Kind, string Username)
{
    /// <summary>The login role that holds <paramref name="version"/>'s password, given the login current uses now.</summary>
    public string LoginFor(string? currentLogin) => Kind.OnePasswordPerLogin()
        ? currentLogin == Username + "_a" ? Username + "_b" : Username + "_a"
        : Username;
}

/// <summary>
/// What a decision knows of a configured backend: its kind, and the public facts a managed credential's document
/// carries so that a consumer can connect with it alone (never the admin connection's secret).
/// </summary>
public sealed record BackendInfo(TargetKind Kind, string Host, int Port, string? Database = null);

/// <summary>A managed secret's binding, and the versions its target may accept now with the login each uses there.</summary>
public sealed record ManagedTarget(TargetBinding Binding, System.Collections.Immutable.ImmutableSortedDictionary<int, string> Armed);
