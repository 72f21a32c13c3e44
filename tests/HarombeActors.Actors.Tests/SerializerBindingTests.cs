using HarombeActors.Actors.Tests.Support;
using HarombeActors.Contracts.Messages;
using HarombeActors.Contracts.Serialization;
using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.State;

namespace HarombeActors.Actors.Tests;

/// <summary>
/// In a real test node, whose catch-all System.Object binding points at the pass-through serializer: every type of
/// ours must still be bound to the project's serializer, or serialize-messages would wave it through untested (and
/// in production it would fall to Akka's default JSON serializer, or fail).
/// </summary>
public class SerializerBindingTests(Xunit.Abstractions.ITestOutputHelper output) : NodeTest(output)
{
    /// <summary>The marker interfaces akka.hocon binds to the project's serializer, and the snapshot.</summary>
    private static readonly Type[] Bound =
        [typeof(ISecretMessage), typeof(ISecretEvent), typeof(ISecretReply), typeof(IHarombeMessage), typeof(SecretState)];

    /// <summary>Every concrete type of ours that is a message, event, reply or the snapshot, in every assembly of ours that defines one.</summary>
    private static IEnumerable<Type> OurMessageTypes() =>
        new[] { typeof(ISecretEvent).Assembly, typeof(IHarombeMessage).Assembly, typeof(Secrets.SecretActor).Assembly }
            .SelectMany(a => a.GetTypes())
            .Where(t => t is { IsClass: true, IsAbstract: false } && Bound.Any(b => b.IsAssignableFrom(t)));

    [Fact]
    public void Every_type_of_ours_is_bound_to_the_project_serializer_in_a_test_node()
    {
        var serialization = Node.System.Serialization;
        // The control: what is not ours really goes to the pass-through serializer here, so the check below can fail.
        Assert.IsType<PassThroughSerializer>(serialization.FindSerializerForType(typeof(Uri)));

        var types = OurMessageTypes().Concat(Manifests.ByType.Keys).Distinct().ToList();
        Assert.True(types.Count >= Manifests.ByType.Count);
        foreach (var type in types)
        {
            Assert.True(Manifests.ByType.ContainsKey(type), $"{type.FullName} has no manifest");
            Assert.True(serialization.FindSerializerForType(type) is HarombeSerializer, $"{type.FullName} is bound to {serialization.FindSerializerForType(type).GetType().Name}");
        }
    }

    [Fact]
    public void Messages_between_a_secret_and_its_children_cannot_cross_the_wire()
    {
        var serialization = Node.System.Serialization;
        var locals = typeof(Consumers.ConsumerActor).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ILocalOnlyMessage).IsAssignableFrom(t)).ToList();
        Assert.Contains(typeof(Consumers.VersionReported), locals);
        Assert.Contains(typeof(Consumers.PushNotice), locals);
        Assert.Contains(typeof(Consumers.RetentionExpired), locals);
        Assert.All(locals, type => Assert.IsType<LocalOnlySerializer>(serialization.FindSerializerForType(type)));
        // Another member that would report a consumer's move, or push a notice, gets nothing past the wire.
        Assert.Throws<System.Runtime.Serialization.SerializationException>(() =>
            serialization.FindSerializerForType(typeof(Consumers.VersionReported)).ToBinary(new Consumers.VersionReported(Domain.Ids.ConsumerId.Parse("c"), 2, Domain.State.ConsumerRole.Client)));
    }

    [Fact]
    public void A_secrets_internal_commands_have_no_manifest_and_cannot_cross_the_wire()
    {
        var serialization = Node.System.Serialization;
        var internals = typeof(IInternalCommand).Assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IInternalCommand).IsAssignableFrom(t)).ToList();
        Assert.Contains(typeof(CompleteVerification), internals);
        foreach (var type in internals)
        {
            Assert.False(Manifests.ByType.ContainsKey(type), $"{type.Name} has a wire manifest");
            Assert.IsType<LocalOnlySerializer>(serialization.FindSerializerForType(type));
        }
        var localOnly = (LocalOnlySerializer)serialization.FindSerializerForType(typeof(CompleteVerification));
        Assert.Throws<System.Runtime.Serialization.SerializationException>(() => localOnly.ToBinary(new CompleteVerification(new("rot-1"), 1, [])));
        // A forged one arriving from another node (with this serializer's id) is refused before it reaches an actor.
        Assert.Throws<System.Runtime.Serialization.SerializationException>(() => serialization.Deserialize("{}"u8.ToArray(), LocalOnlySerializer.SerializerId, "I-CV"));
    }
}
