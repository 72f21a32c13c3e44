using HarombeActors.Domain.Webhooks;

namespace HarombeActors.Domain.Tests;

/// <summary>Where a webhook may point and what a refusal says, how its URL is stored and shown, its signature, retries, ids and state.</summary>
public class WebhookRuleTests
{
    private static WebhookRequest To(string url) => new(url, [NoticeKinds.RotationCompleted], null);

    [Theory]
    [InlineData("http://[::127.0.0.1]:8080/h")] // IPv4-compatible IPv6: Uri calls it loopback, the network routes it away
    [InlineData("http://[::7f00:1]/h")]
    [InlineData("http://127.0.0.1.nip.io/h")]
    [InlineData("http://localhost.evil.example/h")]
    [InlineData("http://0.0.0.0/h")]
    [InlineData("http://[::]/h")]
    [InlineData("http://10.0.0.1/h")]
    [InlineData("https://hooks.example.com/h\u001b[2J")]
    public void Urls_that_are_not_https_or_loopback_http_or_carry_control_characters_are_refused(string url) =>
        Assert.Equal("url", To(url).Validate()?.Field);

    [Theory]
    [InlineData("http://127.0.0.1:9/h")]
    [InlineData("http://127.1/h")]
    [InlineData("http://[::1]/h")]
    [InlineData("http://[::ffff:127.0.0.1]/h")]
    [InlineData("http://localhost/h")]
    [InlineData("HTTPS://Hooks.Example.com/h")]
    public void Https_anywhere_and_http_to_loopback_are_accepted(string url) => Assert.Null(To(url).Validate());

    [Fact]
    public void The_url_is_stored_canonical_and_listed_with_its_query_masked()
    {
        Assert.Equal("https://hooks.example.com/h", To("HTTPS://Hooks.Example.com/h").CanonicalUrl);
        Assert.Equal("https://hooks.example.com/services/x?********", WebhookRequest.Shown("https://hooks.example.com/services/x?token=capability"));
        Assert.Equal("https://hooks.example.com/services/x", WebhookRequest.Shown("https://hooks.example.com/services/x"));
    }

    [Fact]
    public void A_signature_verifies_only_with_its_secret_body_and_a_recent_time_and_a_hostile_header_is_false_not_an_exception()
    {
        var now = new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
        var body = "{\"kind\":\"rotation.completed\"}"u8.ToArray();
        var header = WebhookSignature.Sign("whsec_a", now.ToUnixTimeSeconds(), body);
        Assert.True(WebhookSignature.Verify("whsec_a", header, body, now.AddMinutes(4), TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("whsec_b", header, body, now, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("whsec_a", header, body, now.AddMinutes(6), TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("whsec_a", header, [.. body, (byte)' '], now, TimeSpan.FromMinutes(5)));
        foreach (var hostile in new[] { $"t={now.ToUnixTimeSeconds()},v1=not-hex", $"t={long.MinValue},v1=00", $"t={long.MaxValue},v1=00", "t=1,v1=zz", "v1=00", "t=1", "", "t=1,v1=00,=", "garbage" })
            Assert.False(WebhookSignature.Verify("whsec_a", hostile, body, now, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void Each_refusal_names_its_field_and_rule()
    {
        Assert.Equal("url: must be at most 2048 characters", To("https://h.example/" + new string('a', 2048 - 18 + 1)).Validate()?.Message);
        Assert.Null(To("https://h.example/" + new string('a', 2048 - 18)).Validate());
        Assert.Equal("url: must be an https:// URL (or http:// to a loopback address), got 'ftp://x'", To("ftp://x").Validate()?.Message);
        Assert.Equal($"url: must be an https:// URL (or http:// to a loopback address), got '{new string('b', 64)}...'", To(new string('b', 65)).Validate()?.Message);
        Assert.Equal($"url: must be an https:// URL (or http:// to a loopback address), got '{new string('b', 64)}'", To(new string('b', 64)).Validate()?.Message);
        Assert.Equal("url: must not carry a user name or password: the signature authenticates deliveries", To("https://u@h.example/x").Validate()?.Message);
        Assert.Equal("url: must not have a fragment (#...)", To("https://h.example/x#f").Validate()?.Message);
        Assert.Equal("url: http:// is allowed only to a loopback address (127.0.0.1, [::1], localhost); use https:// for h.example", To("http://h.example/x").Validate()?.Message);
        Assert.Equal($"events: name at least one of {string.Join(", ", NoticeKinds.All)}", new WebhookRequest("https://h.example", [], null).Validate()?.Message);
        Assert.StartsWith("events: 'rotation.sideways' is no event kind; use secret.written, ", new WebhookRequest("https://h.example", ["rotation.completed", "rotation.sideways"], null).Validate()?.Message);
        Assert.Equal("prefix: must start with '/' and be at most 256 characters", new WebhookRequest("https://h.example", ["rolled_back"], "x").Validate()?.Message);
        Assert.Equal("prefix", new WebhookRequest("https://h.example", ["rolled_back"], "/" + new string('p', 256)).Validate()?.Field);
        Assert.Null(new WebhookRequest("https://h.example", ["rolled_back"], "/" + new string('p', 255)).Validate());
        Assert.Null(new WebhookRequest("https://h.example", ["rolled_back"], "").Validate());
        Assert.Equal("https://h.example/x?", WebhookRequest.Shown("https://h.example/x?"));
    }

    [Fact]
    public void A_signature_is_hmac_sha256_of_the_timestamp_a_dot_and_the_body()
    {
        var body = "{}"u8.ToArray();
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData("whsec_k"u8.ToArray(), "1700000000.{}"u8.ToArray()));
        Assert.Equal($"t=1700000000,v1={expected}", WebhookSignature.Sign("whsec_k", 1700000000, body));
        var secret = WebhookSignature.NewSecret();
        Assert.Matches("^whsec_[A-Za-z0-9_-]{43}$", secret);
        Assert.NotEqual(secret, WebhookSignature.NewSecret());
    }

    [Fact]
    public void Retries_double_from_the_initial_delay_to_the_cap_drawn_from_half_to_all_and_stop_at_the_attempt_or_time_limit()
    {
        var retry = new WebhookRetry(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), 5, TimeSpan.FromMinutes(1));
        Assert.Equal([1, 2, 4, 8, 10, 10], Enumerable.Range(1, 6).Select(n => retry.DelayAfter(n, 1).TotalSeconds));
        Assert.Equal([0.5, 1, 2, 4, 5], Enumerable.Range(1, 5).Select(n => retry.DelayAfter(n, 0).TotalSeconds));
        Assert.Equal(TimeSpan.FromSeconds(3), retry.DelayAfter(3, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(10), retry.DelayAfter(1000, 1)); // no overflow far out
        var first = new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero);
        Assert.True(retry.TriesAgain(4, first, first, 1));
        Assert.False(retry.TriesAgain(5, first, first, 1)); // the attempt limit
        Assert.True(retry.TriesAgain(1, first, first.AddSeconds(59), 1)); // 59 s + 1 s = exactly the limit
        Assert.False(retry.TriesAgain(1, first, first.AddSeconds(59.5), 1)); // the next one would start after it
        Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), 12, TimeSpan.FromHours(1)),
            (WebhookRetry.Default.Initial, WebhookRetry.Default.Max, WebhookRetry.Default.MaxAttempts, WebhookRetry.Default.GiveUpAfter));
    }

    private static readonly Webhook Hook = new(new WebhookId("wh_0123456789abcdef"), "https://h.example", [NoticeKinds.RotationFailed], "/secrets/db",
        new Values.SealedValue([1], [2], [3]), new Ids.Principal("alice"), DateTimeOffset.UnixEpoch, 10);

    [Fact]
    public void A_webhook_wants_its_kinds_under_its_prefix_written_after_it_was_added()
    {
        var db = Ids.SecretPath.Parse("/secrets/db/password");
        Assert.True(Hook.Wants(NoticeKinds.RotationFailed, db, 11));
        Assert.False(Hook.Wants(NoticeKinds.RotationFailed, db, 10));
        Assert.False(Hook.Wants(NoticeKinds.RotationCompleted, db, 11));
        Assert.False(Hook.Wants(NoticeKinds.RotationFailed, Ids.SecretPath.Parse("/secrets/dbx"), 11));
        Assert.True((Hook with { Prefix = null }).Wants(NoticeKinds.RotationFailed, Ids.SecretPath.Parse("/other"), 11));
        Assert.Equal("wh_0123456789abcdef-42", DeliveryRecord.IdFor(Hook.Id, 42));
    }

    [Theory]
    [InlineData("wh_0123456789abcdef", true)]
    [InlineData("wh_0123456789ABCDEF", false)]
    [InlineData("wh_0123456789abcde", false)]
    [InlineData("wh_0123456789abcdefa", false)]
    [InlineData("xx_0123456789abcdef", false)]
    [InlineData("wh_0123456789abcdeg", false)]
    [InlineData(null, false)]
    public void Webhook_ids_are_wh_and_16_lower_case_hex_digits(string? raw, bool valid)
    {
        Assert.Equal(valid, WebhookId.TryParse(raw, out var id));
        Assert.Equal(valid ? raw : null, id?.Value);
        Assert.Matches("^wh_[0-9a-f]{16}$", WebhookId.New().Value);
    }

    [Fact]
    public void The_registry_state_keeps_webhooks_until_removed_and_the_latest_records_only()
    {
        var state = WebhookRegistryState.Empty.Apply(new WebhookAdded(Hook));
        Assert.Same(Hook, state.Webhooks[Hook.Id.Value]);
        var record = new DeliveryRecord("d", Hook.Id, NoticeKinds.RotationFailed, "/secrets/db/password", null, 1, 1, true, 200, null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
        for (var i = 0; i < WebhookRegistryState.KeptRecords + 5; i++) state = state.Apply(new WebhookDeliveryEnded(record with { DeliveryId = $"d{i}" }));
        Assert.Equal(WebhookRegistryState.KeptRecords, state.Deliveries.Count);
        Assert.Equal(("d5", $"d{WebhookRegistryState.KeptRecords + 4}"), (state.Deliveries[0].DeliveryId, state.Deliveries[^1].DeliveryId));
        Assert.True(state.Recorded("d5"));
        Assert.False(state.Recorded("d4"));
        Assert.Empty(state.Apply(new WebhookRemoved(Hook.Id, new Ids.Principal("bob"), DateTimeOffset.UnixEpoch)).Webhooks);
    }
}
