using Akka.Actor;
using HarombeActors.Actors.Targets;
using HarombeActors.Actors.Verification;
using HarombeActors.Domain.Decisions;
using HarombeActors.Domain.Queries;
using HarombeActors.Domain.Replies;

namespace HarombeActors.Actors.Secrets;

// `secret verify`: the tests a rotation would run, against the current value, off the mailbox. Nothing is decided and
// nothing persisted, so a dry run can never change the secret or its target.
public sealed partial class SecretActor
{
    private void OnVerify(VerifySecret q)
    {
        if (_state.Current is not { } current)
        {
            Sender.Tell(new CommandRejected(_state.Path.Value, new Rejection(RejectionCode.NotFound, $"secret {_state.Path} does not exist")));
            PassivateIfMissingLater();
            return;
        }
        var names = q.Tests is { Count: > 0 } given ? given : _state.EffectivePolicy.VerificationTests;
        if (names.FirstOrDefault(n => !_verification.Names.Contains(n)) is { } unknown)
        {
            Sender.Tell(new CommandRejected(_state.Path.Value, Rejection.BadInput("verify", $"'{unknown}' is not a verification test on this host (known: {string.Join(", ", _verification.Names.Order())})")));
            return;
        }
        var tests = names.Select(_verification.Get).ToList();
        if (_state.Target is { } target)
        {
            if (_backends.Find(target.Backend) is not { } backend)
            {
                Sender.Tell(new CommandRejected(_state.Path.Value, new Rejection(RejectionCode.InvalidState, $"backend '{target.Backend}' of {_state.Path} is not configured on this host")));
                return;
            }
            tests.Add(new BackendPreflight(backend, target.Username));
            tests.Add(_verification.Get(SecretDecider.BackendTestName(target.Backend)));
        }
        if (tests.Count == 0)
        {
            Sender.Tell(new CommandRejected(_state.Path.Value, new Rejection(RejectionCode.InvalidState,
                $"{_state.Path} has no test to run: name one (--verify) or store a policy with verificationTests")));
            return;
        }
        if (!TryOpen(current, out var value, out var undecryptable))
        {
            Sender.Tell(undecryptable);
            return;
        }
        var path = _state.Path;
        VerificationRunner.RunAsync(tests, new VerificationContext(path, current, value), _settings.VerificationTimeout, CancellationToken.None)
            .PipeTo(Sender, success: results => new VerificationReport(path, current, results));
    }
}
